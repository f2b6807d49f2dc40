// Package quotes finds direct quotations in cleaned article text and
// attributes each one to a speaker among the article's entities.
//
// Find pairs quotation marks (“…”, "…", «…», „…“, ‘…’ and mixtures of them),
// recovers from unmatched or misused marks, and then looks for a cue verb
// ("said", "told", "wrote", "according to", "dijo", …) around each quote
// to name its speaker.
//
// # Conventions
//
//   - A quote's Start/End cover the words between the marks, trimmed of
//     spaces and of a trailing ",", ";" or ":"; sentence punctuation inside
//     the marks (".", "!", "?") is kept. A quote that continues into the
//     next paragraph (the paragraph opens with a quotation mark while the
//     previous quote is still open) is one quote whose text contains the
//     paragraph break and the continuation mark.
//   - An opening mark without a closing mark ends its quote at the end of
//     the paragraph, and only when that is at most 1,000 bytes away;
//     otherwise it is dropped. No quote spans more than 8 paragraphs.
//   - Double marks do not nest: inside “…” a single-quoted stretch is part
//     of the outer quote. A single-quoted stretch that encloses double
//     marks (British style) is the quote and the inner one is dropped.
//     An apostrophe (Putin’s, don’t, Kyrgios’ win) never opens a quote.
//   - Partial quotes ("urged NATO to “stop blaming” it") are quotes.
//     A quote of one or two words is kept only when a cue verb attributes
//     it ("Kuleba urged … to counter the “friendship” …", "South Korea
//     indicated that it continued “close preparations”"), or when it is a
//     complete utterance of its own at the start of a sentence (“Please.”)
//     or after a colon ("was clear: “Leave now.”").
//     Without a cue it is taken as a scare quote, a name or a title and is
//     dropped, unless it gives the view of the named subject that leads
//     its sentence, right after "as" ("Ward sees the lineup as its
//     “Achilles heel.”").
//   - Dropped as mentions rather than speech: a paragraph that is only a
//     short quoted phrase without final punctuation (a heading such as
//     “Brothers in arms”), quotes in heading-like paragraphs (a short paragraph in title
//     case without final punctuation, or, in any case, the text's first
//     paragraph with its quote closed: "‘We will not be intimidated,’
//     says Harlow mayor"), quotes right
//     after a naming word ("the word “We”", "the slogan “…”", "so-called"),
//     quotes right before a naming noun ("the “…” campaign"), short
//     quotes used as the subject of "is"/"was"/… , and unattributed
//     title-case phrases of up to eight words.
//   - Attribution, in order: a cue in the quote's own sentence before the
//     opening mark ("X said: “…”", "X urged Y to “…”"; a cue in a clause
//     that an earlier cue opens with "that" takes its subject from that
//     clause: "the Times reported that an official had called it “…”" is
//     the official's), for quotes that do
//     not open their sentence; a cue after the closing mark in the same
//     sentence ("“…,” X said", "“…” declared … John Kirby", "“…”Kuleba
//     told AFP"; a later cue does not replace an unnamed subject of the
//     first: "“…,” the captain announced, according to passenger Rachel
//     Moss" is the captain's); otherwise, for a quote that opens its sentence or
//     paragraph, the attribution of the previous quote in the same
//     paragraph, or of the last quote of the previous paragraph; failing
//     that, for a quote that opens its sentence, the attribution of the
//     sentence before it when that holds a cue and ends with a colon
//     ("The company said in a statement:"), else the person the sentence
//     before it introduces ("Imelda Cruz is not optimistic. “Nothing has
//     changed …”"): that sentence's subject, else the one person it names
//     other than as an owner, when it holds no quote and ends with
//     sentence punctuation or a colon (a heading introduces no one).
//     In an interview, a paragraph that is only a question (“Q: Why …?”)
//     is passed over: the answer after it (“A: “…”” or a bare quote)
//     takes the attribution of the quote before the question, else the
//     person the sentence before the question introduces.
//   - The speaker is the entity whose mention fills the subject slot of the
//     cue: before the verb the leftmost person (or he/she/they), else a
//     title ("the president", "the foreign minister") matching one person's Roles, else the
//     leftmost organisation or location, except that a person mention
//     right before the verb wins ("Goddard planetary scientist Avi Mandell
//     said"); after a verb-first cue ("said John Kirby", "according to X")
//     the same, up to the next comma or subordinating word ("said a WeWork
//     spokesperson when contacted by Reuters"). Mentions followed by a
//     possessive (but "Acme’s spokesman", "Acme’s office" speak for
//     the organisation; a person's are unnamed, but "Dolan’s statement",
//     "Ode’s tweet" are the person's own words), after a preposition, "the", a role or "the" and a noun between or
//     not ("an official at the Ministry of Finance", "led by billionaire
//     Tom Rhys", "published in the journal JAMA Psychiatry"; but "a spokesperson for X", "a report
//     published by X", unless X is a person: "a spokesman for Governor
//     Ben Alvarez said" is unnamed), before an unnamed person
//     ("an EU official said", "a Tesla engineer told"; but "an Acme
//     spokesman" speaks for Acme), or cut
//     inside a word are not subjects. Cues that are also ordinary verbs
//     ("continued", "added", "reported") count before a quote only when
//     followed by ":", "," or "that"; "called" counts only with an
//     object between it and a quote not in title case ("called the
//     budget “a fraud”", not "kits called the “Harbour Collection”"), or
//     with "which" or "what" as its object ("the lawsuit, which it called
//     “without merit.”");
//     base forms ("respond", "add", "joke") count only after a modal
//     ("he’d respond", "she would add"), whose contracted pronoun
//     ("she’d say") is the subject;
//     "read" counts only before the document it names ("“…,” read a
//     statement from the council");
//     a cue after "is", "was", "the" …
//     ("is said to", "the report") does not count. He/she resolves to the most recent person
//     who was a quote's speaker or a sentence's subject and whose gender,
//     as the article shows it (a pronoun after a mention, "Mrs.",
//     "actress", a role) or else as the given name suggests (a list of
//     names only one gender bears, see ATTRIBUTION.md; the name
//     outweighs a single pronoun), does not rule it
//     out (the pronoun being resolved is no evidence of its own antecedent's
//     gender, nor is an owner in apposition: "Charles Ebert, her rival,"); they to the most
//     recent speaker or subject of any type; a sentence that opens with
//     the same pronoun stands for whom that pronoun does ("Nobody knows
//     the river better than Fergus Lyle. He has fished it …"). The subject of a sentence
//     that asks a "him" or "her" ("Pollard asked her whether …") is not
//     the "he" or "she" that answers. A sentence opening with an unnamed
//     person ("A nurse, who asked not to be named, said …", "One
//     resident told …") stops the search: the pronoun is that person's,
//     and the speaker nil. A speaker that no entity
//     covers is nil: names are never invented.
//   - An uncued quote right after its sentence's subject ("She “became
//     more and more intermittent”") says something of that person: it is
//     the words of the paragraph's last speaker.
//   - Verb is the cue as written, lower-cased ("said", "told", "according
//     to", "weighed in"); an inherited attribution keeps its verb; it is ""
//     when there is no cue.
package quotes

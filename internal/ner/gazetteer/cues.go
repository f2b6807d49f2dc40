package gazetteer

// Hand-written cue lists (lower case). A word matches case-insensitively.

// TitleWords are role words that precede or follow a person's name.
var TitleWords = words(`president vice prime minister ministers secretary general secretary-general spokesman spokeswoman
spokesperson leader chancellor governor senator sen. congressman congresswoman representative rep. ambassador envoy
director chairman chairwoman chair chief ceo cfo coo cto executive founder co-founder king queen prince princess emperor
pope cardinal archbishop bishop rabbi imam sheikh mayor judge justice attorney prosecutor commander commissioner
general gen. lt. colonel col. major maj. captain capt. admiral adm. sergeant sgt. officer premier deputy foreign
defense defence interior finance trade health education justice economy energy state national security adviser advisor
head coach manager striker midfielder defender goalkeeper player chairperson lawmaker mp legislator speaker
president-elect dictator monarch ruler sultan emir crown diplomat diplomatic negotiator analyst economist professor
prof. dr. doctor researcher scientist author writer journalist reporter correspondent editor columnist anchor
presenter host actor actress singer rapper musician artist director producer filmmaker comedian candidate
nominee opponent rival challenger incumbent official spokesperson aide counsel lawyer attorney-general
commissioner inspector detective sheriff chief-of-staff undersecretary under-secretary assistant associate
senior junior former acting interim then-president first lady`)

// HeadTitles are the title words that may end a role phrase.
var HeadTitles = words(`president minister secretary general secretary-general spokesman spokeswoman spokesperson leader
chancellor governor senator congressman congresswoman representative ambassador envoy director chairman chairwoman
chair chief ceo cfo coo cto executive founder co-founder king queen prince princess emperor pope cardinal archbishop
bishop rabbi imam sheikh mayor judge justice attorney prosecutor commander commissioner colonel major captain admiral
sergeant officer premier deputy adviser advisor head coach manager striker midfielder defender goalkeeper player
chairperson lawmaker legislator speaker president-elect dictator monarch ruler sultan emir diplomat negotiator
analyst economist professor doctor researcher scientist author writer journalist reporter correspondent editor
columnist anchor presenter host actor actress singer rapper musician artist producer filmmaker comedian candidate
nominee official aide counsel lawyer attorney-general inspector detective sheriff chief-of-staff undersecretary
under-secretary lady mp engineer nurse teacher pilot farmer architect designer consultant accountant banker
investor entrepreneur surgeon dentist veterinarian firefighter paramedic lecturer historian curator pollster
novelist poet playwright chef duke duchess earl countess baron baroness`)

// Honorifics precede names and are not part of them.
var Honorifics = words(`mr mr. mrs mrs. ms ms. miss dr dr. sir dame lord lady madam mme mme. messrs messrs. prof prof. rev rev.
gen. lt. col. sgt. capt. adm. maj. sen. rep. gov. pres.`)

// OrgCues are head words of organisation names.
var OrgCues = words(`ministry ministries council court party agency agencies commission committee department office
bureau authority association union federation organization organisation organizations institute institution
university college school academy foundation fund bank corporation corp corp. company co co. inc inc. ltd ltd.
llc plc group holdings news times post journal herald tribune gazette telegraph guardian press network channel
radio television tv broadcasting club team fc army navy force forces guard police service services assembly
parliament congress senate cabinet government administration church society board centre center hospital
airlines airline airways motors industries systems technologies laboratories labs studios records publishing
alliance coalition movement front brigade brigades corps command tribunal secretariat observatory exchange
reserve treasury embassy consulate mission league conference network networks presidency directorate division
securities equities partners ventures investments capital pharmaceuticals therapeutics brands foods entertainment
communications bancorp motor chronicle courier observer inquirer`)

// OrgDescriptors are common nouns that introduce an organisation's name
// ("the newspaper Rodong Sinmun").
var OrgDescriptors = words(`newspaper newspapers daily weekly magazine agency broadcaster channel network outlet
tabloid company firm group party carrier airline automaker retailer bank lender insurer startup start-up band label
club team studio publisher charity organization organisation ngo outfit network provider platform maker
manufacturer operator developer supplier distributor chain brand firm giant conglomerate subsidiary unit
chipmaker drugmaker carmaker toymaker planemaker shipbuilder brewer distiller miner utility telecom grocer supermarket
website nonprofit non-profit think-tank consultancy brokerage cooperative co-op journal`)

// OrgAfter are nouns that, right after a name or its possessive, show it
// is an organisation ("an Alibaba spokesperson", "Tribune's
// shareholders").
var OrgAfter = words(`spokesperson spokesman spokeswoman spokespeople spokespersons shareholders stockholders
subsidiary subsidiaries headquarters`)

// OrgBefore are nouns that, before "for", "of" or "in" and a name, show
// it is an organisation ("a spokesperson for Instagram", "shareholder of
// Tribune", "a stake in Burisma").
var OrgBefore = words(`spokesperson spokesman spokeswoman spokespeople shareholder shareholders stockholder
stockholders stake stakes subsidiary`)

// OrgSuffixes are company suffixes.
var OrgSuffixes = words(`inc inc. corp corp. ltd ltd. llc plc co co. gmbh ag sa s.a. nv bv lp llp`)

// PlaceCues are head words of place names.
var PlaceCues = words(`river sea ocean lake mountain mountains mount mt. island islands peninsula gulf bay strait
valley desert coast province region county state district city street avenue road square bridge airport port
border canal park forest hills hill plateau basin delta cape`)

// Calendar holds month and weekday names.
var Calendar = words(`january february march april may june july august september october november december
jan. feb. mar. apr. jun. jul. aug. sep. sept. oct. nov. dec. monday tuesday wednesday thursday friday saturday sunday`)

func words(s string) map[string]bool {
	m := make(map[string]bool)
	w := ""
	for _, r := range s + " " {
		if r == ' ' || r == '\n' || r == '\t' {
			if w != "" {
				m[w] = true
			}
			w = ""
			continue
		}
		w += string(r)
	}
	return m
}

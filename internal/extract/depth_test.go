package extract

import (
	"strings"
	"testing"
)

func TestNestingTooDeep(t *testing.T) {
	tests := []struct {
		name  string
		page  string
		limit int
		want  bool
	}{
		{"nested divs over the limit", strings.Repeat("<div>", 300), 256, true},
		{"nested divs at the limit", strings.Repeat("<div>", 256), 256, false},
		{"closed divs", strings.Repeat("<div>x</div>", 5000), 256, false},
		{"custom elements", strings.Repeat("<x-card>", 40) + strings.Repeat("</x-card>", 40), 30, true},
		{"closed custom elements", strings.Repeat("<x-card>a</x-card>", 1000), 30, false},
		// Sloppy markup that the parser closes implicitly must not count.
		{"unclosed paragraphs", strings.Repeat("<p>para", 2000), 256, false},
		{"unclosed list items", "<ul>" + strings.Repeat("<li>item", 2000) + "</ul>", 256, false},
		{"unclosed cells", "<table>" + strings.Repeat("<tr><td>a<td>b", 2000) + "</table>", 256, false},
		{"nested lists still nest", strings.Repeat("<ul><li>", 200), 256, true},
		{"unclosed links", strings.Repeat("<a href=x>link ", 1000), 256, false},
		{"paragraphs closed by blocks", strings.Repeat("<p>text<div>block</div>", 1000), 256, false},
		{"void elements", strings.Repeat("<br><img src=x><hr><input>", 1000), 256, false},
		{"end tags close what they enclose", strings.Repeat("<div><span><b>x</div>", 1000), 256, false},
		{"script text is not markup", "<script>" + strings.Repeat("<div>", 1000) + "</script>", 256, false},
		{"comments are not markup", "<!--" + strings.Repeat("<div>", 1000) + "-->", 256, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := nestingTooDeep([]byte(tt.page), tt.limit); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func BenchmarkNestingTooDeep(b *testing.B) {
	page := readTestdata(b, "article.html")
	b.ReportAllocs()
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		if nestingTooDeep(page, DefaultMaxDepth) {
			b.Fatal("article page reported too deep")
		}
	}
}

package report

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/jung-kurt/gofpdf"
)

// The evidence PDF's page furniture and text layout on top of gofpdf: fonts
// chosen by short name, text checked against the fonts' glyphs, wrapping that
// breaks long paths and values instead of letting them run off the page,
// tables whose rows never split across pages, and page breaks taken here
// (gofpdf's automatic break is off) so that every page gets the running
// header and the footer.

type rgb [3]int

var (
	colText     = rgb{33, 33, 33}
	colMuted    = rgb{97, 97, 97}
	colAccent   = rgb{26, 54, 93}
	colRule     = rgb{189, 189, 189}
	colHeadFill = rgb{38, 50, 56}
	colZebra    = rgb{245, 245, 245}
	colTrack    = rgb{236, 236, 236}
	colWhite    = rgb{255, 255, 255}
	colBoxFill  = rgb{250, 250, 250}
)

// statusColor is the colour a status is drawn in; the status word is always
// written beside or on it, so colour is never the only signal.
func statusColor(status string) rgb {
	switch status {
	case StatusPass:
		return rgb{46, 125, 50}
	case StatusFail:
		return rgb{198, 40, 40}
	case StatusError:
		return rgb{123, 31, 162}
	case StatusWarn:
		return rgb{230, 120, 0}
	case StatusSkip:
		return rgb{117, 117, 117}
	case StatusManual:
		return rgb{21, 101, 192}
	case StatusWaived:
		return rgb{130, 80, 223}
	}
	return colText
}

// Page geometry in millimetres.
const (
	marginSide   = 18.0
	marginTop    = 20.0
	marginBottom = 18.0
	ptPerMM      = 72 / 25.4
)

type pdfDoc struct {
	f      *gofpdf.Fpdf
	fonts  map[string]*pdfFont
	widths map[string]map[rune]int
	pageW  float64
	pageH  float64

	// Running header and footer texts.
	headLeft, headRight, footLeft string

	font  string
	size  float64
	color rgb
}

func newPDFDoc(paper string, fonts map[string]*pdfFont) *pdfDoc {
	f := gofpdf.New("P", "mm", paper, "")
	// The alias is set before the fonts are added, as gofpdf's UTF-8 fonts
	// need.
	f.AliasNbPages("{nb}")
	for _, ft := range fonts {
		// Map order does not matter: gofpdf sorts its catalogs below. Each
		// document gets its own copy of the font: gofpdf writes into the
		// bytes it is given when it cuts the subset (the head, hhea and
		// maxp tables), which would change the next document's fonts.
		f.AddUTF8FontFromBytes(ft.family, ft.style, bytes.Clone(ft.data))
	}
	f.SetCatalogSort(true)
	f.SetCompression(true)
	f.SetAutoPageBreak(false, marginBottom)
	f.SetMargins(marginSide, marginTop, marginSide)
	f.SetCellMargin(0)
	f.SetDisplayMode("fullwidth", "single")
	w, h := f.GetPageSize()
	return &pdfDoc{f: f, fonts: fonts, widths: map[string]map[rune]int{}, pageW: w, pageH: h}
}

func (d *pdfDoc) contentW() float64 { return d.pageW - 2*marginSide }
func (d *pdfDoc) limit() float64    { return d.pageH - marginBottom }
func (d *pdfDoc) y() float64        { return d.f.GetY() }
func (d *pdfDoc) setY(y float64)    { d.f.SetXY(marginSide, y) }
func (d *pdfDoc) space(h float64)   { d.setY(d.y() + h) }
func lineH(size float64) float64    { return size / ptPerMM * 1.3 }

func (d *pdfDoc) setFont(name string, size float64) {
	if d.font == name && d.size == size {
		return
	}
	ft := d.fonts[name]
	d.f.SetFont(ft.family, ft.style, size)
	d.font, d.size = name, size
}

func (d *pdfDoc) setColor(c rgb) {
	if d.color == c {
		return
	}
	d.f.SetTextColor(c[0], c[1], c[2])
	d.color = c
}

func (d *pdfDoc) fill(c rgb) { d.f.SetFillColor(c[0], c[1], c[2]) }
func (d *pdfDoc) draw(c rgb) { d.f.SetDrawColor(c[0], c[1], c[2]) }

// newPage starts a page with the running header (not on the cover) and the
// footer: the JSON result's SHA-256, which ties every page to the result, and
// "page N of M".
func (d *pdfDoc) newPage() {
	font, size, color := d.font, d.size, d.color
	d.f.AddPage()
	if d.f.PageNo() > 1 {
		d.setFont(fontRegular, 7.5)
		d.setColor(colMuted)
		right := d.fit(d.headRight, d.contentW()*0.45)
		rw := d.textW(right)
		d.f.SetXY(d.pageW-marginSide-rw, 10)
		d.f.CellFormat(rw, 4, right, "", 0, "L", false, 0, "")
		left := d.fit(d.headLeft, d.contentW()-rw-4)
		d.f.SetXY(marginSide, 10)
		d.f.CellFormat(d.contentW()-rw-4, 4, left, "", 0, "L", false, 0, "")
		d.draw(colRule)
		d.f.SetLineWidth(0.2)
		d.f.Line(marginSide, 15, d.pageW-marginSide, 15)
	}
	d.draw(colRule)
	d.f.SetLineWidth(0.2)
	d.f.Line(marginSide, d.pageH-13, d.pageW-marginSide, d.pageH-13)
	d.setFont(fontCode, 6.5)
	d.setColor(colMuted)
	d.f.SetXY(marginSide, d.pageH-12)
	d.f.CellFormat(d.contentW()-30, 4, d.fit(d.footLeft, d.contentW()-32), "", 0, "L", false, 0, "")
	d.setFont(fontRegular, 7.5)
	// The total is filled in when the document closes, so its width is not
	// known here: the text starts at a fixed place near the right margin.
	d.f.SetXY(d.pageW-marginSide-24, d.pageH-12)
	d.f.CellFormat(24, 4, fmt.Sprintf("page %d of {nb}", d.f.PageNo()), "", 0, "L", false, 0, "")
	d.setY(marginTop + 2)
	if font != "" {
		d.setFont(font, size)
	}
	d.setColor(color)
}

// need starts a new page unless h millimetres fit on this one.
func (d *pdfDoc) need(h float64) {
	if d.y()+h > d.limit() {
		d.newPage()
	}
}

// clean makes s drawable in the font: invalid UTF-8, control characters and
// characters the font has no glyph for (or beyond the Basic Multilingual
// Plane, where gofpdf stops) become <U+XXXX>, so that nothing is lost or
// drawn as an empty box. Line breaks are kept when multiline.
func (d *pdfDoc) clean(font, s string, multiline bool) string {
	plain := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	covers := d.fonts[font].covers
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == '\n' && multiline:
			b.WriteByte('\n')
		case r == '\n' || r == '\t':
			b.WriteByte(' ')
		case r == '\r':
		case r == utf8.RuneError && n == 1:
			b.WriteString("<invalid UTF-8>")
		case r < 0x20 || (r >= 0x7f && r < 0xa0) || !covers.has(r):
			fmt.Fprintf(&b, "<U+%04X>", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// units is the advance width of r in the font in thousandths of the size.
func (d *pdfDoc) units(r rune) int {
	m := d.widths[d.font]
	if m == nil {
		m = map[rune]int{}
		d.widths[d.font] = m
	}
	u, ok := m[r]
	if !ok {
		u = d.f.GetStringSymbolWidth(string(r))
		m[r] = u
	}
	return u
}

// textW is the width of clean text in the current font.
func (d *pdfDoc) textW(s string) float64 {
	u := 0
	for _, r := range s {
		u += d.units(r)
	}
	return float64(u) * d.size / ptPerMM / 1000
}

// fit cleans s for the current font and shortens it with an ellipsis to
// width.
func (d *pdfDoc) fit(s string, width float64) string {
	s = d.clean(d.font, s, false)
	if d.textW(s) <= width {
		return s
	}
	max := int(width*ptPerMM*1000/d.size) - d.units('…')
	u := 0
	for i, r := range s {
		if u += d.units(r); u > max {
			return s[:i] + "…"
		}
	}
	return s
}

// wrap sets the font and breaks s into lines no wider than width: on spaces,
// and a word longer than a line (a field path, a JSON value, a digest) after
// a '/', '.', '-', ',' or similar near the end of the room left, else
// anywhere. Line breaks in s are kept.
func (d *pdfDoc) wrap(font string, size float64, s string, width float64) []string {
	d.setFont(font, size)
	s = d.clean(font, s, true)
	max := int(width * ptPerMM * 1000 / size)
	space := d.units(' ')
	var out []string
	for _, para := range strings.Split(s, "\n") {
		line, lineU := "", 0
		for _, word := range strings.Fields(para) {
			wordU := 0
			for _, r := range word {
				wordU += d.units(r)
			}
			for word != "" {
				lead := 0
				if line != "" {
					lead = space
				}
				if lineU+lead+wordU <= max {
					if line != "" {
						line += " "
					}
					line += word
					lineU += lead + wordU
					break
				}
				room := max - lineU - lead
				if wordU <= max && (line == "" || !breakable(word) || room < max/3) {
					// The word fits a line of its own.
					out = append(out, line)
					line, lineU = "", 0
					continue
				}
				if line != "" && room < max/3 {
					out = append(out, line)
					line, lineU = "", 0
					continue
				}
				if line == "" {
					room = max
				}
				head, headU := d.cut(word, room)
				if line != "" {
					line += " "
				}
				out = append(out, line+head)
				line, lineU = "", 0
				word = word[len(head):]
				wordU -= headU
			}
		}
		out = append(out, line)
	}
	return out
}

// breakChars are where a word longer than the room left is broken, after
// the character.
const breakChars = "/.-_,:=&?"

func breakable(word string) bool { return strings.ContainsAny(word, breakChars) }

// cut returns the longest head of word that fits room, ending after a
// break character when one lies in its second half.
func (d *pdfDoc) cut(word string, room int) (string, int) {
	u, end, endU, brk, brkU := 0, 0, 0, 0, 0
	for i, r := range word {
		w := d.units(r)
		if u+w > room {
			break
		}
		u += w
		end, endU = i+utf8.RuneLen(r), u
		if strings.ContainsRune(breakChars, r) {
			brk, brkU = end, u
		}
	}
	if end == 0 {
		// Not even one character fits: take one anyway.
		_, n := utf8.DecodeRuneInString(word)
		return word[:n], d.units([]rune(word[:n])[0])
	}
	if brk > 0 && brkU*2 >= endU && end < len(word) {
		return word[:brk], brkU
	}
	return word[:end], endU
}

// para writes wrapped text at the current position, indented, breaking
// pages between lines.
func (d *pdfDoc) para(font string, size float64, color rgb, indent float64, s string) {
	lines := d.wrap(font, size, s, d.contentW()-indent)
	d.setColor(color)
	h := lineH(size)
	for _, l := range lines {
		d.need(h)
		d.f.SetXY(marginSide+indent, d.y())
		d.f.CellFormat(d.contentW()-indent, h, l, "", 0, "L", false, 0, "")
		d.setY(d.y() + h)
	}
}

// label writes "Label: text" with the label in bold and the text wrapped
// beside it.
func (d *pdfDoc) label(labelText, text string, font string, size float64) {
	const lw = 28.0
	lines := d.wrap(font, size, text, d.contentW()-lw)
	h := lineH(size)
	// A short text is kept on one page.
	if total := h * float64(len(lines)); total < 40 {
		d.need(total)
	}
	for i, l := range lines {
		d.need(h)
		y := d.y()
		if i == 0 {
			d.setFont(fontBold, size)
			d.setColor(colText)
			d.f.SetXY(marginSide, y)
			d.f.CellFormat(lw, h, d.fit(labelText, lw-1), "", 0, "L", false, 0, "")
		}
		d.setFont(font, size)
		d.setColor(colText)
		d.f.SetXY(marginSide+lw, y)
		d.f.CellFormat(d.contentW()-lw, h, l, "", 0, "L", false, 0, "")
		d.setY(y + h)
	}
}

// heading writes a heading and, when level >= 0, a bookmark at that outline
// level pointing at it.
func (d *pdfDoc) heading(size float64, text string, level int, bookmark string) {
	lines := d.wrap(fontBold, size, text, d.contentW())
	h := lineH(size)
	// A heading is not left alone at the foot of a page.
	d.need(h*float64(len(lines)) + 14)
	if level >= 0 {
		d.f.Bookmark(d.clean(fontBold, bookmark, false), level, d.y())
	}
	d.setColor(colAccent)
	for _, l := range lines {
		d.f.SetXY(marginSide, d.y())
		d.f.CellFormat(d.contentW(), h, l, "", 0, "L", false, 0, "")
		d.setY(d.y() + h)
	}
	d.setColor(colText)
	d.space(1.5)
}

// code writes monospaced text in a shaded box, wrapped, line by line.
func (d *pdfDoc) code(s string) {
	const pad = 2.0
	lines := d.wrap(fontCode, 8, s, d.contentW()-2*pad)
	h := lineH(8)
	d.setColor(colText)
	d.fill(colZebra)
	for i, l := range lines {
		top := 0.0
		if i == 0 {
			top = pad / 2
		}
		d.need(h + top + pad/2)
		y := d.y()
		bottom := 0.0
		if i == len(lines)-1 {
			bottom = pad / 2
		}
		d.f.Rect(marginSide, y, d.contentW(), h+top+bottom, "F")
		d.f.SetXY(marginSide+pad, y+top)
		d.f.CellFormat(d.contentW()-2*pad, h, l, "", 0, "L", false, 0, "")
		d.setY(y + top + h + bottom)
	}
	d.space(1.5)
}

// span is one paragraph of a table cell.
type span struct {
	font  string
	size  float64
	color rgb
	text  string
}

func spanText(s string) span   { return span{fontRegular, 8, colText, s} }
func spanBold(s string) span   { return span{fontBold, 8, colText, s} }
func spanMono(s string) span   { return span{fontCode, 7.5, colText, s} }
func spanMuted(s string) span  { return span{fontRegular, 7, colMuted, s} }
func spanStatus(s string) span { return span{fontBold, 8, statusColor(s), s} }

type cell []span

type column struct {
	title string
	frac  float64 // of the content width
	align string
}

const cellPad = 1.4

type laidCell struct {
	spans []span
	lines [][]string
	h     float64
}

func (d *pdfDoc) layCell(c cell, w float64, maxH float64) laidCell {
	lc := laidCell{spans: c, h: 2 * cellPad}
	for _, s := range c {
		lines := d.wrap(s.font, s.size, s.text, w-2*cellPad)
		lh := lineH(s.size)
		// A cell never outgrows a page: the rest is in the JSON result.
		if room := int((maxH - lc.h) / lh); len(lines) > room {
			if room < 1 {
				room = 1
			}
			lines = append(lines[:room-1], "… (cut here; the JSON result has it in full)")
		}
		lc.lines = append(lc.lines, lines)
		lc.h += float64(len(lines)) * lh
	}
	return lc
}

// table draws a table whose rows never split across pages; the header row is
// repeated on each page the table runs onto.
func (d *pdfDoc) table(cols []column, rows []tableRow, zebra bool) {
	widths := make([]float64, len(cols))
	for i, c := range cols {
		widths[i] = c.frac * d.contentW()
	}
	header := func() {
		hasTitle := false
		for _, c := range cols {
			hasTitle = hasTitle || c.title != ""
		}
		if !hasTitle {
			return
		}
		h := lineH(7.5) + 2*cellPad
		d.need(h + 10)
		y, x := d.y(), marginSide
		d.fill(colHeadFill)
		d.f.Rect(marginSide, y, d.contentW(), h, "F")
		d.setFont(fontBold, 7.5)
		d.setColor(colWhite)
		for i, c := range cols {
			d.f.SetXY(x+cellPad, y+cellPad)
			d.f.CellFormat(widths[i]-2*cellPad, lineH(7.5), d.fit(c.title, widths[i]-2*cellPad), "", 0, c.align, false, 0, "")
			x += widths[i]
		}
		d.setY(y + h)
	}
	header()
	maxH := d.limit() - marginTop - 12
	for ri, row := range rows {
		laid := make([]laidCell, len(cols))
		rowH := 0.0
		for i := range cols {
			var c cell
			if i < len(row) {
				c = row[i]
			}
			laid[i] = d.layCell(c, widths[i], maxH)
			rowH = max(rowH, laid[i].h)
		}
		if d.y()+rowH > d.limit() {
			d.newPage()
			header()
		}
		y, x := d.y(), marginSide
		if zebra && ri%2 == 1 {
			d.fill(colZebra)
			d.f.Rect(marginSide, y, d.contentW(), rowH, "F")
		}
		for i, c := range cols {
			cy := y + cellPad
			for si, s := range laid[i].spans {
				d.setFont(s.font, s.size)
				d.setColor(s.color)
				lh := lineH(s.size)
				for _, l := range laid[i].lines[si] {
					d.f.SetXY(x+cellPad, cy)
					d.f.CellFormat(widths[i]-2*cellPad, lh, l, "", 0, c.align, false, 0, "")
					cy += lh
				}
			}
			x += widths[i]
		}
		d.draw(colRule)
		d.f.SetLineWidth(0.15)
		d.f.Line(marginSide, y+rowH, d.pageW-marginSide, y+rowH)
		d.setY(y + rowH)
	}
	d.setColor(colText)
	d.space(3)
}

// tableRow is one cell per column.
type tableRow = []cell

// checkbox draws an empty box with a label after it and returns the width
// used.
func (d *pdfDoc) checkbox(x, y float64, labelText string) float64 {
	const s = 3.2
	d.draw(colText)
	d.f.SetLineWidth(0.25)
	d.f.Rect(x, y+0.3, s, s, "D")
	d.setFont(fontRegular, 8.5)
	d.setColor(colText)
	w := d.textW(labelText)
	d.f.SetXY(x+s+1.5, y)
	d.f.CellFormat(w, 4, labelText, "", 0, "L", false, 0, "")
	return s + 1.5 + w + 6
}

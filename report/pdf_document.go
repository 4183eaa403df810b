package report

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// PDFDocument is a PDF of kubeassay's look for other commands (compare):
// a title page with a scope table, then sections of paragraphs and tables,
// with the evidence PDF's fonts, running header and footer, and status
// words coloured as in the evidence PDF.
type PDFDocument struct {
	Kicker, Title, Subtitle string
	// HeadLeft and HeadRight run along the top of every page but the
	// first, FootLeft along the bottom of every page.
	HeadLeft, HeadRight, FootLeft string
	Scope                         [][2]string
	// Created is the document's date: the same input gives the same bytes.
	Created  time.Time
	Sections []PDFSection
}

// PDFSection is a heading, paragraphs, and an optional table.
type PDFSection struct {
	Heading    string
	Paragraphs []string
	Table      *PDFTable
}

// PDFTable is a table: Widths are fractions of the page's width (they sum
// to 1); a cell whose text starts with a status word is coloured.
type PDFTable struct {
	Columns []string
	Widths  []float64
	Rows    [][]string
}

// WritePDFDocument renders doc on paper ("a4" or "letter").
func WritePDFDocument(w io.Writer, doc PDFDocument, paper string) error {
	size, err := pdfPaper(paper)
	if err != nil {
		return err
	}
	fonts, err := loadPDFFonts()
	if err != nil {
		return err
	}
	d := newPDFDoc(size, fonts)
	created := doc.Created
	if created.IsZero() {
		created = time.Unix(0, 0)
	}
	d.f.SetCreationDate(created.UTC())
	d.f.SetModificationDate(created.UTC())
	d.f.SetTitle(doc.Title, true)
	d.f.SetCreator("kubeassay", true)
	d.f.SetProducer("kubeassay PDF writer (gofpdf)", true)
	d.headLeft, d.headRight, d.footLeft = doc.HeadLeft, doc.HeadRight, doc.FootLeft
	d.newPage()
	d.setY(32)
	if doc.Kicker != "" {
		d.para(fontBold, 8.5, colMuted, 0, doc.Kicker)
		d.space(2)
	}
	d.para(fontBold, 22, colAccent, 0, doc.Title)
	d.space(1)
	if doc.Subtitle != "" {
		d.para(fontRegular, 11, colText, 0, doc.Subtitle)
	}
	d.space(3)
	d.draw(colAccent)
	d.f.SetLineWidth(0.6)
	d.f.Line(marginSide, d.y(), d.pageW-marginSide, d.y())
	d.space(5)
	if len(doc.Scope) > 0 {
		var rows []tableRow
		for _, s := range doc.Scope {
			rows = append(rows, tableRow{cell{spanBold(s[0])}, cell{spanText(s[1])}})
		}
		d.table([]column{{"", 0.27, "L"}, {"", 0.73, "L"}}, rows, true)
	}
	for _, s := range doc.Sections {
		d.heading(12.5, s.Heading, 0, s.Heading)
		for _, p := range s.Paragraphs {
			d.para(fontRegular, 8.5, colText, 0, p)
			d.space(1.5)
		}
		if t := s.Table; t != nil {
			if len(t.Widths) != len(t.Columns) {
				return fmt.Errorf("PDF table %q: %d widths for %d columns", s.Heading, len(t.Widths), len(t.Columns))
			}
			cols := make([]column, len(t.Columns))
			for i, c := range t.Columns {
				cols[i] = column{c, t.Widths[i], "L"}
			}
			rows := make([]tableRow, 0, len(t.Rows))
			for _, r := range t.Rows {
				row := make(tableRow, len(r))
				for i, text := range r {
					row[i] = cell{statusSpan(text)}
				}
				rows = append(rows, row)
			}
			d.table(cols, rows, true)
		}
	}
	if err := d.f.Error(); err != nil {
		return fmt.Errorf("rendering the PDF: %w", err)
	}
	return d.f.Output(w)
}

// statusSpan colours a cell that starts with a status word.
func statusSpan(text string) span {
	word, _, _ := strings.Cut(text, " ")
	if slices.Contains([]string{StatusPass, StatusFail, StatusWarn, StatusManual, StatusSkip, StatusError}, word) {
		return span{fontBold, 8, statusColor(word), text}
	}
	return spanText(text)
}

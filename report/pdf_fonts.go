package report

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"sync"
)

// The evidence PDF embeds DejaVu Sans (text), DejaVu Sans Bold (headings)
// and DejaVu Sans Mono (paths, values, commands, digests), copied from
// Debian's fonts-dejavu-core; report/fonts/LICENSE is their licence
// (Bitstream Vera; the DejaVu changes are in the public domain), which allows
// embedding and redistribution. The PDF carries only the glyphs it uses.
var (
	//go:embed fonts/DejaVuSans.ttf
	fontSans []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	fontSansBold []byte
	//go:embed fonts/DejaVuSansMono.ttf
	fontMono []byte
)

// pdfFont is one embedded font: its family and style as gofpdf knows them,
// its bytes and the runes it has a glyph for.
type pdfFont struct {
	family, style string
	data          []byte
	covers        *runeSet
}

// The fonts, by the short name the layout code uses.
const (
	fontRegular = "r"
	fontBold    = "b"
	fontCode    = "m"
)

var (
	pdfFontsOnce sync.Once
	pdfFonts     map[string]*pdfFont
	pdfFontsErr  error
)

// loadPDFFonts reads the coverage of the embedded fonts once.
func loadPDFFonts() (map[string]*pdfFont, error) {
	pdfFontsOnce.Do(func() {
		fonts := map[string]*pdfFont{
			fontRegular: {family: "dejavu", style: "", data: fontSans},
			fontBold:    {family: "dejavu", style: "B", data: fontSansBold},
			fontCode:    {family: "dejavumono", style: "", data: fontMono},
		}
		for _, f := range fonts {
			set, err := cmapCoverage(f.data)
			if err != nil {
				pdfFontsErr = err
				return
			}
			f.covers = set
		}
		pdfFonts = fonts
	})
	return pdfFonts, pdfFontsErr
}

// runeSet holds the runes of the Basic Multilingual Plane a font has a glyph
// for; gofpdf's UTF-8 text goes no further than that plane.
type runeSet [0x10000 / 64]uint64

func (s *runeSet) add(r int)          { s[r>>6] |= 1 << (r & 63) }
func (s *runeSet) has(r rune) bool    { return r >= 0 && r < 0x10000 && s[r>>6]&(1<<(r&63)) != 0 }
func u16(b []byte, at int) int        { return int(binary.BigEndian.Uint16(b[at:])) }
func u32(b []byte, at int) int        { return int(binary.BigEndian.Uint32(b[at:])) }
func inside(b []byte, at, n int) bool { return at >= 0 && n >= 0 && at+n <= len(b) }

var errNoCmap = errors.New("report: the embedded PDF font has no Unicode BMP cmap (format 4)")

// cmapCoverage reads a TrueType font's Windows Unicode BMP cmap (platform 3,
// encoding 1, format 4) and returns the runes that map to a glyph. Text is
// checked against it before it is drawn, so that a character the font
// lacks is written as <U+XXXX> instead of an empty box that a text
// extractor (or an auditor's search) would not find.
func cmapCoverage(ttf []byte) (*runeSet, error) {
	if !inside(ttf, 0, 12) {
		return nil, errNoCmap
	}
	cmap := -1
	for i, n := 0, u16(ttf, 4); i < n; i++ {
		rec := 12 + 16*i
		if !inside(ttf, rec, 16) {
			return nil, errNoCmap
		}
		if string(ttf[rec:rec+4]) == "cmap" {
			cmap = u32(ttf, rec+8)
		}
	}
	if !inside(ttf, cmap, 4) {
		return nil, errNoCmap
	}
	sub := -1
	for i, n := 0, u16(ttf, cmap+2); i < n; i++ {
		rec := cmap + 4 + 8*i
		if !inside(ttf, rec, 8) {
			return nil, errNoCmap
		}
		if u16(ttf, rec) == 3 && u16(ttf, rec+2) == 1 {
			sub = cmap + u32(ttf, rec+4)
		}
	}
	if !inside(ttf, sub, 14) || u16(ttf, sub) != 4 {
		return nil, errNoCmap
	}
	segs := u16(ttf, sub+6) / 2
	ends := sub + 14
	starts := ends + 2*segs + 2
	deltas := starts + 2*segs
	offsets := deltas + 2*segs
	if !inside(ttf, ends, 8*segs+2) {
		return nil, errNoCmap
	}
	set := new(runeSet)
	for i := 0; i < segs; i++ {
		end, start := u16(ttf, ends+2*i), u16(ttf, starts+2*i)
		delta, ro := u16(ttf, deltas+2*i), u16(ttf, offsets+2*i)
		for c := start; c <= end && c < 0xFFFF; c++ {
			glyph := 0
			if ro == 0 {
				glyph = (c + delta) & 0xFFFF
			} else {
				at := offsets + 2*i + ro + 2*(c-start)
				if !inside(ttf, at, 2) {
					continue
				}
				if glyph = u16(ttf, at); glyph != 0 {
					glyph = (glyph + delta) & 0xFFFF
				}
			}
			if glyph != 0 {
				set.add(c)
			}
		}
	}
	return set, nil
}

package scene

import (
	"strconv"
	"strings"
)

// The view's text is not drawn into the WebGL canvas: the page draws it on a
// 2D canvas laid over it, at the device's own resolution (web/textlayer.js).
// Text stays crisp however far the drawing's resolution drops, and the
// drawing can drop far: under software WebGL every pixel costs, and the text
// needs four times the pixels of the graph behind it. Go still decides what
// is written where and in which colour; the page only measures the glyphs,
// keeps each line inside the canvas and paints.
//
// AppendText encodes a frame's text for the page, one record a line, fields
// separated by tabs, positions in CSS pixels of the canvas (drawing pixels
// divided by scale):
//
//	L  role  align  colour  x  y  text        a label, vertically centred on y
//	T  box-colour  colour  x  y  r  line\vline  [L]   the hover box, beside the
//	                                            neuron at (x, y), r from its centre
//	                                            (L: on its left if it fits, Frame.TipLeft)
//	N  colour  text                           a note centred in the view
//	S  size                                   the text's size in CSS pixels,
//	                                          first, when not TextSize
//
// Colours are #rrggbbaa; align is -1 (text ends at x), 0 (centred) or 1
// (starts at x), as Label.Align. has is false before the first snapshot.
func AppendText(dst []byte, f *Frame, has bool, scale float64) []byte {
	return AppendTextZoom(dst, f, has, scale, 1)
}

// AppendTextZoom is AppendText for a view drawn zoom times larger than
// normal (View.Zoom): its text is TextSize*zoom CSS pixels, which an S
// record tells the page.
func AppendTextZoom(dst []byte, f *Frame, has bool, scale, zoom float64) []byte {
	if zoom > 0 && zoom != 1 {
		dst = append(dst, "S\t"...)
		dst = strconv.AppendFloat(dst, TextSize*zoom, 'f', 2, 64)
	}
	if !has {
		if len(dst) > 0 {
			dst = append(dst, '\n')
		}
		dst = append(dst, "N\t"...)
		dst = appendColor(dst, Dim)
		dst = append(dst, '\t')
		return appendClean(dst, "waiting for the network...")
	}
	if scale <= 0 {
		scale = 1
	}
	for _, l := range f.Labels {
		if len(dst) > 0 {
			dst = append(dst, '\n')
		}
		dst = append(dst, "L\t"...)
		dst = append(dst, l.Role.String()...)
		dst = append(dst, '\t')
		dst = strconv.AppendInt(dst, int64(max(-1, min(1, l.Align))), 10)
		dst = append(dst, '\t')
		dst = appendColor(dst, l.C)
		dst = appendXY(dst, float64(l.X)/scale, float64(l.Y)/scale)
		dst = append(dst, '\t')
		dst = appendClean(dst, l.Text)
	}
	if f.Tooltip != "" {
		if len(dst) > 0 {
			dst = append(dst, '\n')
		}
		dst = append(dst, "T\t"...)
		dst = appendColor(dst, TipBackground)
		dst = append(dst, '\t')
		dst = appendColor(dst, Ink)
		dst = appendXY(dst, float64(f.TipX)/scale, float64(f.TipY)/scale)
		dst = append(dst, '\t')
		dst = strconv.AppendFloat(dst, float64(f.TipR)/scale, 'f', 2, 64)
		dst = append(dst, '\t')
		for i, line := range strings.Split(f.Tooltip, "\n") {
			if i > 0 {
				dst = append(dst, '\v')
			}
			dst = appendClean(dst, line)
		}
		if f.TipLeft {
			dst = append(dst, "\tL"...)
		}
	}
	return dst
}

// String names a role as the page's statistics do ("value", "title", ...).
func (r Role) String() string {
	switch r {
	case RoleValue:
		return "value"
	case RoleTitle:
		return "title"
	case RoleCaption:
		return "caption"
	case RoleTooltip:
		return "tooltip"
	case RoleNote:
		return "note"
	}
	return "other"
}

func appendXY(dst []byte, x, y float64) []byte {
	dst = append(dst, '\t')
	dst = strconv.AppendFloat(dst, x, 'f', 2, 64)
	dst = append(dst, '\t')
	return strconv.AppendFloat(dst, y, 'f', 2, 64)
}

// appendColor appends c as #rrggbbaa.
func appendColor(dst []byte, c Color) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '#')
	for _, v := range [4]float32{c.R, c.G, c.B, c.A} {
		b := int(max(0, min(1, v))*255 + 0.5)
		dst = append(dst, hex[b>>4], hex[b&15])
	}
	return dst
}

// appendClean appends s with the record's separators (tab, newline,
// vertical tab, carriage return) turned into spaces.
func appendClean(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\t', '\n', '\v', '\r':
			dst = append(dst, ' ')
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

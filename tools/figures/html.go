package main

import (
	"fmt"
	"html/template"
	"io"
	"strings"
)

// pageTemplate is index.html: the figures and the summary on one static
// page, for the demo page to link to ("how this compares with the paper").
var pageTemplate = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>diffstruct: how this compares with the paper</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; font-size: 13px; margin: 1rem 0; }
th, td { border: 1px solid #ccc; padding: 0.2rem 0.45rem; text-align: left; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
img { max-width: 100%; height: auto; display: block; margin: 1rem 0; border: 1px solid #eee; }
.ok { color: #207020; } .no { color: #b02020; }
</style>
</head>
<body>
<h1>How this compares with the paper</h1>
<p>T. Miconi, <a href="https://arxiv.org/abs/1606.06216"><i>Neural networks with differentiable structure</i></a> (2016),
reproduced by <code>make figures</code> (<code>go run ./tools/figures{{.Command}}</code>):
{{.Seeds}} seeds per experiment ({{.FixedSeeds}} for the fixed-size baselines), {{.Cycles}} cycles (v1: {{.V1Cycles}}).
{{.Time}}</p>
<h2>The paper's claims, checked</h2>
<ul>{{range .Checks}}<li class="{{if .OK}}ok{{else}}no{{end}}">{{if .OK}}&#10003;{{else}}&#10007;{{end}} {{.Text}}</li>{{end}}</ul>
{{range .Images}}<img src="{{.}}" alt="{{.}}" width="800">{{end}}
<h2>Results</h2>
<table>
<tr><th>experiment</th><th>point</th><th>cycle</th><th>seeds</th><th>neurons [IQR]</th><th>peak</th><th>loss/window [IQR]</th><th>floor/window</th><th>gap</th><th>near floor</th><th>paper</th></tr>
{{range .Rows}}<tr><td>{{.Exp.Title}}</td><td>{{.Point}}</td><td class="n">{{.Cycle}}</td><td class="n">{{.Seeds}}</td><td class="n">{{.NeuronsText}}</td><td class="n">{{.PeakText}}</td><td class="n">{{.LossText}}</td><td class="n">{{.FloorText}}</td><td class="n">{{.GapText}}</td><td class="n">{{.Near}}/{{.Seeds}}</td><td>{{.PaperText}}</td></tr>
{{end}}</table>
<p>Medians over seeds, inter-quartile range in brackets; loss is the smoothed loss per 40-symbol window in nats;
the floor is the task's entropy, the best loss any predictor can reach.</p>
{{if .Differences}}<h2>Where our medians differ from the paper's</h2>
<ul>{{range .Differences}}<li>{{.}}</li>{{end}}</ul>{{end}}
{{.Thesis}}<p>Raw numbers: <a href="summary.csv">summary.csv</a>, <a href="summary.md">summary.md</a>.</p>
</body>
</html>
`))

// pageRow is a summary row formatted for the page.
type pageRow struct {
	Row
	NeuronsText, PeakText, LossText, FloorText, GapText, PaperText string
}

// pageCheck is one checked claim.
type pageCheck struct {
	OK   bool
	Text string
}

// writeHTML writes index.html showing the figures written and the summary.
func (s Summary) writeHTML(w io.Writer, images []string) error {
	o := s.Opts
	data := struct {
		Command                             string
		Seeds, FixedSeeds, Cycles, V1Cycles int
		Time                                string
		Checks                              []pageCheck
		Images                              []string
		Rows                                []pageRow
		Differences                         []string
		Thesis                              template.HTML
	}{
		Command: o.commandLine(), Seeds: o.Seeds, FixedSeeds: o.FixedSeeds, Cycles: o.Cycles, V1Cycles: o.V1Cycles,
		Time:        strings.NewReplacer("**", "", "\n", " ").Replace(s.timeLine()),
		Differences: s.differences(),
	}
	for _, img := range images {
		if img != "thesis.png" { // in its section
			data.Images = append(data.Images, img)
		}
	}
	if s.Thesis != nil {
		section, err := s.Thesis.html()
		if err != nil {
			return err
		}
		data.Thesis = template.HTML(section)
	}
	for _, c := range s.checks() {
		ok := strings.HasPrefix(c, "- [x] ")
		data.Checks = append(data.Checks, pageCheck{OK: ok, Text: c[len("- [x] "):]})
	}
	for _, r := range s.Rows {
		if r.Exp.Thesis {
			continue // in the thesis section
		}
		data.Rows = append(data.Rows, pageRow{Row: r,
			NeuronsText: fmtSpread(r.Neurons, 1), PeakText: fmtNum(r.Peak.Median, 1), LossText: fmtSpread(r.Loss, 2),
			FloorText: fmtNum(r.Floor, 2), GapText: fmtPct(r.Gap()), PaperText: paperText(r.Paper)})
	}
	return pageTemplate.Execute(w, data)
}

// htmlAnchor is where a thesis section goes in an index.html without one.
const htmlAnchor = "<p>Raw numbers:"

// thesisTemplate is the thesis section of index.html.
var thesisTemplate = template.Must(template.New("thesis").Parse(`<h2>Final neurons against memory span (beyond the paper)</h2>
<p class="{{if .OK}}ok{{else}}no{{end}}">{{if .OK}}&#10003;{{else}}&#10007;{{end}} {{.Claim}}</p>
<img src="thesis.png" alt="final neurons against memory span" width="800">
<p>A task's memory span is the smallest number of past symbols with which the entropy of the next symbol comes within 5% of the task's floor
(within 0.01 nats per symbol of a floor of 0), estimated from a {{.Symbols}}-symbol stream: a recurrent network must carry that much history in its hidden state.
{{.Seeds}} seeds per task and preset, {{.Cycles}} cycles each; english, with no known floor, is left out. Details in <a href="summary.md">summary.md</a>.</p>
<table>
<tr><th>task</th><th>floor, nats/symbol</th><th>span</th>{{range .Presets}}<th>{{.}}: neurons [IQR]</th><th>{{.}}: loss/symbol (near floor)</th>{{end}}</tr>
{{range .Rows}}<tr><td>{{.Task}}</td><td class="n">{{.Floor}}</td><td class="n">{{.Span}}</td>{{range .Cells}}<td class="n">{{.}}</td>{{end}}</tr>
{{end}}</table>
<ul>{{range .Rhos}}<li>{{.}}</li>{{end}}</ul>
`))

// html returns the thesis section of index.html, between its markers
// (added here: html/template drops the comments of a template's text).
func (th *Thesis) html() (string, error) {
	type row struct {
		Task, Floor, Span string
		Cells             []string
	}
	claim, ok := th.claim()
	data := struct {
		OK              bool
		Claim           string
		Symbols, Cycles string
		Seeds           int
		Presets         []string
		Rows            []row
		Rhos            []string
	}{OK: ok, Claim: claim, Symbols: groupDigits(th.Symbols), Cycles: groupDigits(th.Cycles), Seeds: th.Seeds}
	for _, p := range thesisPresets {
		data.Presets = append(data.Presets, presetTitle(p))
		data.Rhos = append(data.Rhos, fmt.Sprintf("%s: Spearman's rho over the task medians %s; over all runs %s.",
			presetTitle(p), rhoText(th.PerTask[p]), rhoText(th.AllRuns[p])))
	}
	for _, t := range th.Tasks {
		r := row{Task: t.Task, Floor: fmt.Sprintf("%.4f", t.Span.Floor), Span: spanText(t.Span)}
		for _, p := range thesisPresets {
			c := t.Presets[p]
			r.Cells = append(r.Cells, fmtSpread(c.Neurons, 1), fmt.Sprintf("%.4f (%d/%d)", c.PerSym.Median, c.Near, c.Seeds))
		}
		data.Rows = append(data.Rows, r)
	}
	var b strings.Builder
	b.WriteString(thesisBegin + "\n")
	if err := thesisTemplate.Execute(&b, data); err != nil {
		return "", err
	}
	b.WriteString(thesisEnd + "\n")
	return b.String(), nil
}

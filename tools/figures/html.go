package main

import (
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
<p>Raw numbers: <a href="summary.csv">summary.csv</a>, <a href="summary.md">summary.md</a>.</p>
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
	}{
		Command: o.commandLine(), Seeds: o.Seeds, FixedSeeds: o.FixedSeeds, Cycles: o.Cycles, V1Cycles: o.V1Cycles,
		Time:   strings.NewReplacer("**", "", "\n", " ").Replace(s.timeLine()),
		Images: images, Differences: s.differences(),
	}
	for _, c := range s.checks() {
		ok := strings.HasPrefix(c, "- [x] ")
		data.Checks = append(data.Checks, pageCheck{OK: ok, Text: c[len("- [x] "):]})
	}
	for _, r := range s.Rows {
		data.Rows = append(data.Rows, pageRow{Row: r,
			NeuronsText: fmtSpread(r.Neurons, 1), PeakText: fmtNum(r.Peak.Median, 1), LossText: fmtSpread(r.Loss, 2),
			FloorText: fmtNum(r.Floor, 2), GapText: fmtPct(r.Gap()), PaperText: paperText(r.Paper)})
	}
	return pageTemplate.Execute(w, data)
}

// Checks deploy/observability with the upstream projects' own code, built from the Go module proxy
// so CI needs no Prometheus or Grafana download:
//
//	promcheck rules FILE...       rule groups the way `promtool check rules` parses them (rulefmt:
//	                              the groups, every expression, label and annotation template)
//	promcheck dashboards FILE...  Grafana dashboards decoded strictly by the Grafana Foundation
//	                              SDK (unknown or mistyped fields fail), its validation, and every
//	                              Prometheus query parsed by Prometheus's PromQL parser
//
// Exit 1 naming every finding.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/cog/plugins"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/prometheus/common/model"
	"github.com/prometheus/common/promslog"
	"github.com/prometheus/prometheus/model/rulefmt"
	"github.com/prometheus/prometheus/promql/parser"
)

var promql = parser.NewParser(parser.Options{})

// Grafana replaces its interval variables before the query reaches Prometheus.
var grafanaIntervals = strings.NewReplacer("$__rate_interval", "5m", "$__interval", "1m", "$__range", "1h")

// The SDK returns its error list typed even when it is empty: only a non-empty one is a finding.
func isFinding(err error) bool {
	if list, ok := err.(cog.BuildErrors); ok {
		return len(list) > 0
	}
	return err != nil
}

func checkRules(file string) []string {
	groups, errs := rulefmt.ParseFile(file, false, model.UTF8Validation, promql, promslog.NewNopLogger())
	findings := make([]string, 0, len(errs))
	for _, err := range errs {
		findings = append(findings, err.Error())
	}
	if groups != nil && len(errs) == 0 {
		rules := 0
		for _, group := range groups.Groups {
			rules += len(group.Rules)
		}
		fmt.Printf("%s: %d groups, %d rules\n", file, len(groups.Groups), rules)
	}
	return findings
}

func checkDashboard(file string) []string {
	raw, err := os.ReadFile(file)
	if err != nil {
		return []string{err.Error()}
	}
	var board dashboard.Dashboard
	if err := board.UnmarshalJSONStrict(raw); isFinding(err) {
		return []string{fmt.Sprintf("%s: not a Grafana dashboard: %v", file, err)}
	}
	if err := board.Validate(); isFinding(err) {
		return []string{fmt.Sprintf("%s: %v", file, err)}
	}
	// The strict decoding above vouches for the shape; the SDK keeps no panel it decoded without
	// error (v0.0.22 returns its empty error list as a non-nil error), so the queries are read plainly.
	var plain struct {
		Panels []struct {
			Title      string `json:"title"`
			Datasource struct {
				Type string `json:"type"`
			} `json:"datasource"`
			Targets []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
	}
	if err := json.Unmarshal(raw, &plain); err != nil {
		return []string{fmt.Sprintf("%s: %v", file, err)}
	}
	var findings []string
	queries := 0
	for _, panel := range plain.Panels {
		if panel.Datasource.Type != "prometheus" {
			findings = append(findings, fmt.Sprintf("%s: panel %q does not query Prometheus", file, panel.Title))
			continue
		}
		for _, target := range panel.Targets {
			queries++
			if _, err := promql.ParseExpr(grafanaIntervals.Replace(target.Expr)); err != nil {
				findings = append(findings, fmt.Sprintf("%s: panel %q: %v", file, panel.Title, err))
			}
		}
	}
	if len(findings) == 0 {
		fmt.Printf("%s: %d panels, %d queries\n", file, len(plain.Panels), queries)
	}
	return findings
}

func main() {
	if len(os.Args) < 3 || (os.Args[1] != "rules" && os.Args[1] != "dashboards") {
		fmt.Fprintln(os.Stderr, "usage: promcheck rules|dashboards FILE...")
		os.Exit(2)
	}
	plugins.RegisterDefaultPlugins()
	check := checkRules
	if os.Args[1] == "dashboards" {
		check = checkDashboard
	}
	failed := false
	for _, file := range os.Args[2:] {
		for _, finding := range check(file) {
			failed = true
			fmt.Fprintln(os.Stderr, finding)
		}
	}
	if failed {
		os.Exit(1)
	}
}

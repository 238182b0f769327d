// A minimal OpenTelemetry Collector with exactly the components deploy/observability/collector.yaml
// uses, built from the Go module proxy so CI can run the collector's own `validate` on that file
// (the same code path as a collector start, without opening ports). Production runs the upstream
// contrib distribution; these components are a subset of it at the same release.
package main

import (
	"log"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/confmap/provider/envprovider"
	"go.opentelemetry.io/collector/confmap/provider/fileprovider"
	"go.opentelemetry.io/collector/exporter"
	"go.opentelemetry.io/collector/exporter/otlpexporter"
	"go.opentelemetry.io/collector/exporter/otlphttpexporter"
	"go.opentelemetry.io/collector/extension"
	"go.opentelemetry.io/collector/otelcol"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/collector/processor/batchprocessor"
	"go.opentelemetry.io/collector/processor/memorylimiterprocessor"
	"go.opentelemetry.io/collector/receiver"
	"go.opentelemetry.io/collector/receiver/otlpreceiver"
	"go.opentelemetry.io/collector/service/telemetry/otelconftelemetry"

	"github.com/open-telemetry/opentelemetry-collector-contrib/extension/healthcheckextension"
)

func byType[F interface{ Type() component.Type }](factories ...F) map[component.Type]F {
	out := make(map[component.Type]F, len(factories))
	for _, factory := range factories {
		out[factory.Type()] = factory
	}
	return out
}

func components() (otelcol.Factories, error) {
	return otelcol.Factories{
		Receivers:  byType[receiver.Factory](otlpreceiver.NewFactory()),
		Processors: byType[processor.Factory](batchprocessor.NewFactory(), memorylimiterprocessor.NewFactory()),
		Exporters:  byType[exporter.Factory](otlpexporter.NewFactory(), otlphttpexporter.NewFactory()),
		Extensions: byType[extension.Factory](healthcheckextension.NewFactory()),
		Telemetry:  otelconftelemetry.NewFactory(),
	}, nil
}

func main() {
	settings := otelcol.CollectorSettings{
		BuildInfo: component.BuildInfo{Command: "aftercare-otelcol", Description: "Aftercare collector config validator", Version: "0.165.0"},
		Factories: components,
		ConfigProviderSettings: otelcol.ConfigProviderSettings{
			ResolverSettings: confmap.ResolverSettings{
				ProviderFactories: []confmap.ProviderFactory{fileprovider.NewFactory(), envprovider.NewFactory()},
			},
		},
	}
	if err := otelcol.NewCommand(settings).Execute(); err != nil {
		log.Fatal(err)
	}
}

package org.kamaelia.http.sample.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The PromQL of the Grafana dashboards in a directory (docs/dashboards/*.json): every panel target's {@code expr},
 * every template variable's {@code label_values} query, and Grafana's substitution of variables into them, so a test
 * can send Prometheus what Grafana would send.
 */
final class GrafanaDashboards {
    /** Grafana's {@code $var}, {@code ${var}}, {@code ${var:format}} and {@code [[var]]}. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\$(\\w+)|\\[\\[(\\w+)]]");

    /** {@code label_values(label)} or {@code label_values(selector, label)}, the Prometheus data source's query. */
    private static final Pattern LABEL_VALUES =
            Pattern.compile("\\s*label_values\\(\\s*(?:(.+?)\\s*,\\s*)?(\\w+)\\s*\\)\\s*");

    /** Panels that hold no query by nature. */
    private static final List<String> QUERYLESS_PANEL_TYPES = List.of("row", "text", "news", "dashlist");

    /** One query of one panel. */
    record Target(String dashboard, String panel, String refId, String expr) {
        @Override
        public String toString() {
            return "dashboard '" + dashboard + "', panel '" + panel + "', target " + refId;
        }
    }

    /** A template variable whose values come from {@code label_values}: the label and the series to take it from. */
    record Variable(String dashboard, String name, String label, Optional<String> match) {}

    private final List<Target> targets = new ArrayList<>();
    private final List<Variable> variables = new ArrayList<>();
    private final List<String> panelsWithoutQueries = new ArrayList<>();

    private GrafanaDashboards() {}

    /** Reads every {@code *.json} file of {@code directory}; fails if there is none. */
    static GrafanaDashboards load(Path directory) throws IOException {
        GrafanaDashboards dashboards = new GrafanaDashboards();
        JsonMapper json = JsonMapper.builder().build();
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("no Grafana dashboard (*.json) in " + directory.toAbsolutePath());
        }
        for (Path file : files) {
            JsonNode dashboard = json.readTree(file.toFile());
            String title = dashboard.path("title").asString(file.getFileName().toString());
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                dashboards.variables.add(variable(title, variable));
            }
            dashboards.addPanels(title, dashboard.path("panels"));
        }
        return dashboards;
    }

    private static Variable variable(String dashboard, JsonNode variable) {
        String name = variable.path("name").asString();
        String type = variable.path("type").asString();
        if (!type.equals("query")) {
            throw new IllegalStateException("dashboard '" + dashboard + "', variable $" + name + ": type '" + type
                    + "' is not supported by this test (only label_values query variables)");
        }
        JsonNode query = variable.path("query");
        String text = query.isObject() ? query.path("query").asString() : query.asString();
        Matcher labelValues = LABEL_VALUES.matcher(text);
        if (!labelValues.matches()) {
            throw new IllegalStateException(
                    "dashboard '" + dashboard + "', variable $" + name + ": not a label_values query: " + text);
        }
        return new Variable(dashboard, name, labelValues.group(2), Optional.ofNullable(labelValues.group(1)));
    }

    /** Panels and, inside rows, their panels. */
    private void addPanels(String dashboard, JsonNode panels) {
        for (JsonNode panel : panels) {
            String title = panel.path("title").asString("(untitled)");
            int before = targets.size();
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asString("");
                if (!expr.isBlank() && !target.path("hide").asBoolean(false)) {
                    targets.add(
                            new Target(dashboard, title, target.path("refId").asString("?"), expr));
                }
            }
            if (targets.size() == before
                    && !QUERYLESS_PANEL_TYPES.contains(panel.path("type").asString())) {
                panelsWithoutQueries.add("dashboard '" + dashboard + "', panel '" + title + "'");
            }
            addPanels(dashboard, panel.path("panels"));
        }
    }

    List<Target> targets() {
        return List.copyOf(targets);
    }

    /** The template variables in their dashboards' order, in which each may use the ones before it. */
    List<Variable> variables() {
        return List.copyOf(variables);
    }

    /** Panels that should query something and have no visible target with an {@code expr}. */
    List<String> panelsWithoutQueries() {
        return List.copyOf(panelsWithoutQueries);
    }

    /**
     * {@code query} with each Grafana variable replaced by its value in {@code values}; fails on a variable that has
     * none, so a dashboard using an undefined variable is caught rather than sent as text.
     */
    static String substitute(String query, Map<String, String> values) {
        Matcher matcher = VARIABLE.matcher(query);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String name = Stream.of(matcher.group(1), matcher.group(2), matcher.group(3))
                    .filter(g -> g != null)
                    .findFirst()
                    .orElseThrow();
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("no value for the Grafana variable $" + name + " in: " + query);
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    /**
     * What Grafana's Prometheus data source puts for a multi-value variable with several values selected (or "All"
     * without a custom all-value) in a {@code =~} matcher: the values regex-escaped, as an alternation. The escape
     * is doubled because it is written inside a PromQL string literal.
     */
    static String regexOf(List<String> values) {
        List<String> escaped = new ArrayList<>();
        for (String value : values) {
            escaped.add(value.replaceAll("[\\\\^$*+?.()|\\[\\]{}/]", "\\\\\\\\$0"));
        }
        return escaped.size() == 1 ? escaped.get(0) : "(" + String.join("|", escaped) + ")";
    }
}

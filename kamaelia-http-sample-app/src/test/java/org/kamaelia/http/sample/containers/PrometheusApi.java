package org.kamaelia.http.sample.containers;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The two calls of Prometheus' HTTP API the dashboard test makes, as Grafana's Prometheus data source makes them: an
 * instant query ({@code /api/v1/query}) and a label's values ({@code /api/v1/label/<name>/values}).
 */
final class PrometheusApi {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** One element of an instant query's result: the series' labels (none for a scalar) and its value as sent. */
    record Sample(Map<String, String> labels, String value) {
        /** Whether Grafana would draw it: {@code NaN} (a quantile of no observations, 0/0) draws nothing. */
        boolean hasNumber() {
            return !value.equals("NaN");
        }
    }

    /** Prometheus refused the request (a PromQL syntax error, say), with its own explanation. */
    static final class QueryFailed extends IOException {
        QueryFailed(String message) {
            super(message);
        }
    }

    private final String base;
    private final HttpClient client;
    private final JsonMapper json = JsonMapper.builder().build();

    PrometheusApi(String base) {
        this.base = base;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT)
                .build();
    }

    /** The result of {@code promql} evaluated now: the samples of a vector, or one for a scalar. */
    List<Sample> query(String promql) throws IOException, InterruptedException {
        JsonNode data = get("/api/v1/query?query=" + encode(promql));
        JsonNode result = data.path("result");
        List<Sample> samples = new ArrayList<>();
        switch (data.path("resultType").asString()) {
            case "vector" -> {
                for (JsonNode element : result) {
                    Map<String, String> labels = new TreeMap<>();
                    JsonNode metric = element.path("metric");
                    for (String name : metric.propertyNames()) {
                        labels.put(name, metric.path(name).asString());
                    }
                    samples.add(new Sample(labels, element.path("value").path(1).asString()));
                }
            }
            case "scalar" -> samples.add(new Sample(Map.of(), result.path(1).asString()));
            default ->
                throw new QueryFailed(
                        "not an instant vector or scalar: " + data.path("resultType") + " from " + promql);
        }
        return samples;
    }

    /** The values of {@code label}, on the series {@code match} selects if given. */
    List<String> labelValues(String label, Optional<String> match) throws IOException, InterruptedException {
        String path = "/api/v1/label/" + encode(label) + "/values"
                + match.map(m -> "?match[]=" + encode(m)).orElse("");
        List<String> values = new ArrayList<>();
        for (JsonNode value : get(path)) {
            values.add(value.asString());
        }
        return values;
    }

    /** The {@code data} of a successful answer; a {@link QueryFailed} with Prometheus' error otherwise. */
    private JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                        .timeout(TIMEOUT)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode answer;
        try {
            answer = json.readTree(response.body());
        } catch (RuntimeException e) {
            throw new QueryFailed("status " + response.statusCode() + ", not JSON: " + response.body());
        }
        if (!answer.path("status").asString().equals("success")) {
            throw new QueryFailed(answer.path("errorType").asString() + ": "
                    + answer.path("error").asString());
        }
        return answer.path("data");
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}

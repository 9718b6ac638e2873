package org.kamaelia.http.sample.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the dashboard test reads docs/dashboards and substitutes Grafana's variables, without Docker. */
class GrafanaDashboardsTest {

    @Test
    void substitutesEveryFormOfAVariable() {
        String query =
                "rate(x{server=~\"$server\", a=\"${server}\", b=\"${server:regex}\", c=\"[[server]]\"}[$__rate_interval])";

        String substituted = GrafanaDashboards.substitute(query, Map.of("server", "api", "__rate_interval", "1m"));

        assertThat(substituted).isEqualTo("rate(x{server=~\"api\", a=\"api\", b=\"api\", c=\"api\"}[1m])");
    }

    @Test
    void refusesAVariableWithoutAValue() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> GrafanaDashboards.substitute("x{job=~\"$job\"}", Map.of("server", "api")))
                .withMessageContaining("$job");
    }

    @Test
    void putsSeveralValuesAsAnEscapedAlternationInsideAPromqlString() {
        assertThat(GrafanaDashboards.regexOf(List.of("app:8082"))).isEqualTo("app:8082");
        assertThat(GrafanaDashboards.regexOf(List.of("127.0.0.1:8082", "b")))
                .isEqualTo("(127\\\\.0\\\\.0\\\\.1:8082|b)");
    }

    @Test
    void readsEveryPanelQueryAndVariableOfTheDocumentedDashboard() throws Exception {
        GrafanaDashboards dashboards = GrafanaDashboards.load(Path.of("../docs/dashboards"));

        assertThat(dashboards.panelsWithoutQueries()).isEmpty();
        assertThat(dashboards.targets())
                .extracting(GrafanaDashboards.Target::panel)
                .contains("Request latency p99", "Bytes sent and received");
        // An "or" of two queries answers as soon as one side does, so the container test could not tell that the
        // other side is empty: each series gets a target of its own.
        assertThat(dashboards.targets()).allSatisfy(t -> assertThat(t.expr()).doesNotContain(" or "));
        assertThat(dashboards.variables())
                .extracting(GrafanaDashboards.Variable::name, GrafanaDashboards.Variable::label)
                .containsExactly(
                        tuple("application", "application"), tuple("instance", "instance"), tuple("server", "server"));
        assertThat(dashboards.variables().get(0).match()).isEqualTo(Optional.of("kamaelia_http_connections_active"));
    }
}

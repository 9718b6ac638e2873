package org.kamaelia.http.sample.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.containers.GenericContainer;

/** The packaged sample app in a container, probed from the test over the mapped ports of all three servers. */
@Timeout(180)
class SampleAppContainerIT {

    @BeforeAll
    static void docker() {
        SampleContainers.requireDocker();
    }

    @Test
    void servesAllThreeServersFromTheContainer() throws Exception {
        try (GenericContainer<?> app = SampleContainers.app(SampleContainers.image(), null, "app")) {
            app.start();
            HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String host = app.getHost();
            HttpResponse<String> hello = client.send(
                    HttpRequest.newBuilder(URI.create("http://" + host + ":" + app.getMappedPort(8081) + "/hello"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(hello.statusCode()).isEqualTo(200);
            assertThat(hello.body()).isEqualTo("Hello, World!");
            HttpResponse<String> site = client.send(
                    HttpRequest.newBuilder(URI.create("http://" + host + ":" + app.getMappedPort(8080) + "/"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(site.body()).contains("Kamaelia HTTP");
            HttpResponse<String> health = client.send(
                    HttpRequest.newBuilder(
                                    URI.create("http://" + host + ":" + app.getMappedPort(8082) + "/actuator/health"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"");
        }
    }
}

package org.kamaelia.http.sample.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.images.builder.Transferable;

/**
 * HAProxy in front of two instances of the sample app; one instance is stopped gracefully (SIGTERM) while load
 * runs, and no request may fail: the instance refuses readiness, finishes what it has in hand and closes, while
 * HAProxy's health check and retries move the traffic to the other instance.
 */
@Timeout(300)
class LoadBalancedGracefulStopIT {
    private static final String HAPROXY_CONFIG = """
            global
              maxconn 256
            defaults
              mode http
              timeout connect 2s
              timeout client 30s
              timeout server 30s
              retries 3
              option redispatch
              retry-on all-retryable-errors
              option http-server-close
            frontend front
              bind *:8000
              default_backend apps
            backend apps
              balance roundrobin
              option httpchk GET /actuator/health/readiness
              http-check expect status 200
              default-server inter 300ms fall 1 rise 2
              server app1 app1:8081 check port 8082
              server app2 app2:8081 check port 8082
            """;

    @BeforeAll
    static void docker() {
        SampleContainers.requireDocker();
    }

    @Test
    void stoppingOneInstanceUnderLoadFailsNoRequest() throws Exception {
        ImageFromDockerfile image = SampleContainers.image();
        try (Network network = Network.newNetwork();
                GenericContainer<?> app1 = SampleContainers.app(image, network, "app1");
                GenericContainer<?> app2 = SampleContainers.app(image, network, "app2");
                GenericContainer<?> haproxy = new GenericContainer<>(SampleContainers.BASE)
                        .withNetwork(network)
                        .withExposedPorts(8000)
                        .withCopyToContainer(Transferable.of(HAPROXY_CONFIG), "/etc/haproxy/test.cfg")
                        .withCommand("haproxy", "-f", "/etc/haproxy/test.cfg", "-db")
                        .waitingFor(Wait.forHttp("/hello").forPort(8000).forStatusCode(200))) {
            app1.start();
            app2.start();
            haproxy.start();
            URI hello = URI.create("http://" + haproxy.getHost() + ":" + haproxy.getMappedPort(8000) + "/hello");

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger succeeded = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            CountDownLatch warmedUp = new CountDownLatch(200);
            ExecutorService load = Executors.newFixedThreadPool(4);
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                clients.add(load.submit(() -> {
                    HttpClient client = HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(Duration.ofSeconds(5))
                            .build();
                    // bounded: at most 20,000 requests per client, stopping as soon as the test says so
                    for (int i = 0; i < 20_000 && running.get(); i++) {
                        try {
                            HttpResponse<String> response = client.send(
                                    HttpRequest.newBuilder(hello)
                                            .timeout(Duration.ofSeconds(10))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (response.statusCode() == 200 && response.body().equals("Hello, World!")) {
                                succeeded.incrementAndGet();
                            } else {
                                failures.add("status " + response.statusCode());
                            }
                        } catch (Exception e) {
                            failures.add(e.toString());
                        }
                        warmedUp.countDown();
                    }
                }));
            }
            assertThat(warmedUp.await(60, TimeUnit.SECONDS)).isTrue();
            int beforeStop = succeeded.get();

            // SIGTERM, as an orchestrator would: Spring closes the context and the servers drain.
            app1.getDockerClient()
                    .stopContainerCmd(app1.getContainerId())
                    .withTimeout(30)
                    .exec();
            int afterStop = succeeded.get();
            // Keep the load on the remaining instance for a little longer (bounded by the request count).
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (System.nanoTime() < until && failures.isEmpty()) {
                Thread.onSpinWait();
            }
            running.set(false);
            for (Future<?> client : clients) {
                client.get(60, TimeUnit.SECONDS);
            }
            load.shutdownNow();

            assertThat(failures).as("failed requests").isEmpty();
            assertThat(beforeStop).isGreaterThan(0);
            assertThat(succeeded.get()).isGreaterThan(afterStop);
        }
    }
}

package org.kamaelia.http.sample.containers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;

/** Builds the packaged sample app into an image from the local tools image, and starts containers of it. */
final class SampleContainers {
    static final String BASE = "local/tools:1";

    private SampleContainers() {}

    /**
     * In CI the container tests always run, and fail without Docker. On a developer machine they are skipped when
     * asked ({@code -Dkamaelia.skipContainerTests=true}) or when no Docker engine answers, so the README's test
     * command works on a machine with only a JDK.
     */
    static void requireDocker() {
        if ("true".equals(System.getenv("CI"))) {
            return;
        }
        if (Boolean.getBoolean("kamaelia.skipContainerTests")) {
            Assumptions.abort("container tests skipped (-Dkamaelia.skipContainerTests=true)");
        }
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            Assumptions.abort("no Docker engine: container tests skipped (../shared/containers/ci-docker-up.sh starts"
                    + " one; CI never skips them)");
        }
    }

    static ImageFromDockerfile image() {
        return image("local/kamaelia-http-sample");
    }

    /**
     * The packaged sample app as an image tagged {@code tag}: a test that may run beside another worktree's
     * container tests takes a tag of its own, so it never starts an image built from another worktree's jar.
     */
    static ImageFromDockerfile image(String tag) {
        Path jar = Path.of(System.getProperty("sample.jar", "target/kamaelia-http-sample-app-0.1.0-SNAPSHOT.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the packaged sample app is missing: " + jar + " (run the package phase)");
        }
        return new ImageFromDockerfile(tag, false)
                .withFileFromPath("app.jar", jar)
                .withDockerfileFromBuilder(builder -> builder.from(BASE)
                        .copy("app.jar", "/app/app.jar")
                        .expose(8080, 8081, 8082)
                        .entryPoint("java", "-Xms64m", "-Xmx256m", "-jar", "/app/app.jar")
                        .build());
    }

    /** An instance, listening on every interface as the starter does by default, ready once its readiness probe answers. */
    @SuppressWarnings("resource")
    static GenericContainer<?> app(ImageFromDockerfile image, Network network, String alias) {
        GenericContainer<?> container = new GenericContainer<>(image)
                .withExposedPorts(8080, 8081, 8082)
                .waitingFor(Wait.forHttp("/actuator/health/readiness")
                        .forPort(8082)
                        .forStatusCode(200)
                        .withStartupTimeout(Duration.ofSeconds(90)));
        if (network != null) {
            container.withNetwork(network).withNetworkAliases(alias);
        }
        return container;
    }
}

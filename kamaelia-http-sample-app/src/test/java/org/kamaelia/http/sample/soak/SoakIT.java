package org.kamaelia.http.sample.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The soak in CI: the packaged sample app as a child process, 60 s of the full traffic mix
 * ({@code -Dsoak.seconds=N} to change it, at most 150), then the pass criteria of {@link SoakRun}. The report is
 * left in {@code target/soak/soak-report.md}; the longer soak is {@code benchmarks/run-soak.sh}.
 */
class SoakIT {

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void theAppSurvivesTheMixUnchanged() throws Exception {
        long seconds = Long.getLong("soak.seconds", 60);
        assertThat(seconds)
                .as("soak.seconds: longer soaks are benchmarks/run-soak.sh's job")
                .isBetween(10L, 150L);
        Path jar = Path.of(System.getProperty("sample.jar", "target/kamaelia-http-sample-app-0.1.0-SNAPSHOT.jar"));
        Path workDir = Path.of("target", "soak");
        Set<Kind> kinds = EnumSet.allOf(Kind.class);
        for (String name : System.getProperty("soak.skip", "").split(",", -1)) {
            if (!name.isBlank()) {
                kinds.remove(Kind.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            }
        }
        SoakRun.Options options = SoakRun.Options.defaults(jar, Duration.ofSeconds(seconds), workDir)
                .withKinds(kinds);

        SoakRun.Result result = SoakRun.run(options);

        System.out.println(result.summary());
        Files.writeString(
                workDir.resolve("soak-report.md"),
                SoakReport.markdown(result, List.of("SoakIT, seconds " + seconds)),
                StandardCharsets.UTF_8);
        String failed = result.criteria().stream()
                .filter(c -> !c.passed())
                .map(c -> c.name() + ": " + c.detail())
                .collect(Collectors.joining("\n  "));
        assertThat(result.passed())
                .as("%s%n  %s%n  (report: %s)", result.summary(), failed, workDir.resolve("soak-report.md"))
                .isTrue();
    }
}

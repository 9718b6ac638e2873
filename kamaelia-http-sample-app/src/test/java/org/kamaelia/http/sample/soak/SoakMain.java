package org.kamaelia.http.sample.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The soak from the command line (JDK only, so {@code benchmarks/run-soak.sh} compiles it with javac alone):
 * {@code java org.kamaelia.http.sample.soak.SoakMain --jar APP.jar --minutes 30 --report REPORT.md}; exits 0 on
 * a pass, 1 on a fail, 2 on bad arguments.
 */
public final class SoakMain {
    private SoakMain() {}

    /** Runs one soak with the options in {@code args} (see {@link #usage()}). */
    public static void main(String[] args) throws IOException, InterruptedException {
        Path jar = Path.of("kamaelia-http-sample-app/target/kamaelia-http-sample-app-0.1.0-SNAPSHOT.jar");
        Duration duration = Duration.ofMinutes(30);
        Integer threads = null;
        Long seed = null;
        Path report = null;
        Path workDir = Path.of(System.getProperty("java.io.tmpdir"), "kamaelia-soak");
        Set<Kind> kinds = EnumSet.allOf(Kind.class);
        List<String> context = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--help")) {
                    System.out.println(usage());
                    return;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                String value = args[++i];
                switch (arg) {
                    case "--jar" -> jar = Path.of(value);
                    case "--minutes" -> duration = Duration.ofMinutes(Long.parseLong(value));
                    case "--seconds" -> duration = Duration.ofSeconds(Long.parseLong(value));
                    case "--threads" -> threads = Integer.parseInt(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--report" -> report = Path.of(value);
                    case "--work-dir" -> workDir = Path.of(value);
                    case "--context" -> context.add(value);
                    case "--skip" -> {
                        for (String name : value.split(",", -1)) {
                            kinds.remove(Kind.valueOf(name.trim().toUpperCase(Locale.ROOT)));
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("the duration must be positive");
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + usage());
            System.exit(2);
            return;
        }

        SoakRun.Options options =
                SoakRun.Options.defaults(jar, duration, workDir).withKinds(kinds);
        if (threads != null) {
            options = options.withThreads(threads);
        }
        if (seed != null) {
            options = options.withSeed(seed);
        }
        System.out.println("soak: " + duration + " against " + jar + ", kinds " + kinds + ", seed " + options.seed());
        SoakRun.Result result = SoakRun.run(options);
        System.out.println(result.summary());
        for (SoakRun.Criterion c : result.criteria()) {
            System.out.println((c.passed() ? "  pass  " : "  FAIL  ") + c.name() + ": " + c.detail());
        }
        result.notes().forEach(n -> System.out.println("  note  " + n));
        if (report != null) {
            Path parent = report.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(report, SoakReport.markdown(result, context), StandardCharsets.UTF_8);
            System.out.println("report: " + report);
        }
        System.exit(result.passed() ? 0 : 1);
    }

    static String usage() {
        return "usage: SoakMain [--jar APP.jar] [--minutes N | --seconds N] [--threads N] [--seed N]"
                + " [--report FILE.md] [--work-dir DIR] [--skip KIND,...] [--context LINE]...\n  kinds: "
                + EnumSet.allOf(Kind.class);
    }
}

package org.kamaelia.http.sample.soak;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One soak from start to end: starts the packaged app, warms it up, takes the baseline readings, runs the traffic
 * with readings along the way, waits for the app to come back to rest, takes the final readings and judges them.
 */
public final class SoakRun {
    private static final long MB = 1024 * 1024;

    /**
     * What to run.
     *
     * @param jar the packaged sample app
     * @param duration how long the traffic runs
     * @param threads general workers (the incomplete-body kind has one more of its own)
     * @param kinds the kinds sent
     * @param javaOptions the app's JVM options; the heap reading needs G1
     * @param workDir where the app's log goes
     * @param seed the traffic's random seed, printed so a run can be repeated
     * @param settle how long the app may take to close everything once the traffic stops
     * @param heapToleranceBytes the least growth allowed from the middle to the end reading
     * @param heapToleranceFraction the growth allowed as a share of the middle reading, if that is more
     * @param fdTolerance file descriptors allowed above the baseline at the end
     * @param threadTolerance threads allowed above the baseline at the end
     */
    public record Options(
            Path jar,
            Duration duration,
            int threads,
            Set<Kind> kinds,
            List<String> javaOptions,
            Path workDir,
            long seed,
            Duration settle,
            long heapToleranceBytes,
            double heapToleranceFraction,
            int fdTolerance,
            int threadTolerance) {

        /** The defaults for a run of {@code duration} against {@code jar}. */
        public static Options defaults(Path jar, Duration duration, Path workDir) {
            return new Options(
                    jar,
                    duration,
                    4,
                    EnumSet.allOf(Kind.class),
                    List.of("-Xms64m", "-Xmx256m", "-XX:+UseG1GC"),
                    workDir,
                    System.nanoTime(),
                    Duration.ofSeconds(30),
                    10 * MB,
                    0.20,
                    5,
                    5);
        }

        /** A copy with other kinds. */
        public Options withKinds(Set<Kind> other) {
            return new Options(
                    jar,
                    duration,
                    threads,
                    Set.copyOf(other),
                    javaOptions,
                    workDir,
                    seed,
                    settle,
                    heapToleranceBytes,
                    heapToleranceFraction,
                    fdTolerance,
                    threadTolerance);
        }

        /** A copy with another number of general workers. */
        public Options withThreads(int other) {
            return new Options(
                    jar,
                    duration,
                    other,
                    kinds,
                    javaOptions,
                    workDir,
                    seed,
                    settle,
                    heapToleranceBytes,
                    heapToleranceFraction,
                    fdTolerance,
                    threadTolerance);
        }

        /** A copy with another seed. */
        public Options withSeed(long other) {
            return new Options(
                    jar,
                    duration,
                    threads,
                    kinds,
                    javaOptions,
                    workDir,
                    other,
                    settle,
                    heapToleranceBytes,
                    heapToleranceFraction,
                    fdTolerance,
                    threadTolerance);
        }
    }

    /**
     * The app's state at one moment.
     *
     * @param label when it was taken
     * @param atSeconds seconds since the traffic started (negative before)
     * @param heapBytes heap used after a full GC
     * @param metaspaceBytes Metaspace used
     * @param fds open file descriptors
     * @param threads threads
     * @param apiConnections the API server's open connections
     * @param served responses the driver had received by then
     */
    public record Reading(
            String label,
            double atSeconds,
            long heapBytes,
            long metaspaceBytes,
            int fds,
            int threads,
            int apiConnections,
            long served) {}

    /**
     * One pass criterion and how the run fared.
     *
     * @param name what is judged
     * @param passed whether it held
     * @param detail the figures behind it
     */
    public record Criterion(String name, boolean passed, String detail) {}

    /**
     * Everything a run found.
     *
     * @param options what was run
     * @param startedAt when the traffic started
     * @param trafficSeconds how long the traffic actually ran
     * @param warmUp the warm-up's tallies
     * @param tallies the soak's tallies
     * @param readings baseline, along the way, end
     * @param settleSeconds how long the app took to come back to rest (or the deadline)
     * @param criteria the judgement
     * @param notes anything else worth reading (a worker that did not stop, the app's log tail on failure)
     */
    public record Result(
            Options options,
            Instant startedAt,
            double trafficSeconds,
            Map<Kind, Tally> warmUp,
            Map<Kind, Tally> tallies,
            List<Reading> readings,
            double settleSeconds,
            List<Criterion> criteria,
            List<String> notes) {

        /** Whether every criterion held. */
        public boolean passed() {
            return criteria.stream().allMatch(Criterion::passed);
        }

        /** Responses received in the soak proper. */
        public long served() {
            return tallies.values().stream().mapToLong(Tally::served).sum();
        }

        /** Errors in the soak proper and its warm-up. */
        public long errors() {
            return tallies.values().stream().mapToLong(Tally::errorCount).sum()
                    + warmUp.values().stream().mapToLong(Tally::errorCount).sum();
        }

        /** The reading with {@code label}. */
        public Reading reading(String label) {
            return readings.stream()
                    .filter(r -> r.label().equals(label))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no reading " + label));
        }

        /** One line: verdict, volume, errors, and the three readings that decide. */
        public String summary() {
            Reading base = reading("baseline");
            Reading middle = reading("middle");
            Reading end = reading("end");
            StringBuilder errorsByKind = new StringBuilder();
            tallies.forEach((kind, tally) -> {
                if (tally.errorCount() > 0) {
                    errorsByKind
                            .append(errorsByKind.length() == 0 ? " (" : ", ")
                            .append(kind)
                            .append('=')
                            .append(tally.errorCount());
                }
            });
            if (errorsByKind.length() > 0) {
                errorsByKind.append(')');
            }
            return String.format(
                    "soak %s: %s, %d responses in %.0f s (%.0f/s), %d errors%s; heap after GC %.1f/%.1f/%.1f MB;"
                            + " fds %d/%d/%d; threads %d/%d/%d (baseline/middle/end)",
                    options.duration(),
                    passed() ? "PASS" : "FAIL",
                    served(),
                    trafficSeconds,
                    served() / Math.max(trafficSeconds, 0.001),
                    errors(),
                    errorsByKind,
                    base.heapBytes() / (double) MB,
                    middle.heapBytes() / (double) MB,
                    end.heapBytes() / (double) MB,
                    base.fds(),
                    middle.fds(),
                    end.fds(),
                    base.threads(),
                    middle.threads(),
                    end.threads());
        }
    }

    private SoakRun() {}

    /** Runs a soak; the app is always stopped before this returns or throws. */
    public static Result run(Options options) throws IOException, InterruptedException {
        List<String> notes = new ArrayList<>();
        List<Reading> readings = new ArrayList<>();
        Path log = options.workDir().resolve("soak-server.log");
        try (SoakServer server = SoakServer.start(options.jar(), options.javaOptions(), log, Duration.ofMinutes(2))) {
            notes.add("app pid " + server.pid() + ", API on 127.0.0.1:" + server.apiPort() + ", log " + log);

            // Classes load, JIT and GC threads start and jcmd's attach listener opens on first use: a baseline
            // taken before all that would count it as growth. The warm-up sends each kind whose failure cannot
            // leave connections behind, so that the baseline is at rest.
            Set<Kind> warmUpKinds = EnumSet.copyOf(options.kinds());
            warmUpKinds.remove(Kind.HALF_CLOSE_INCOMPLETE_BODY);
            SoakTraffic warmUp = new SoakTraffic(server.apiPort(), 2, warmUpKinds);
            warmUp.start(Duration.ofSeconds(3), options.seed() - 1000);
            if (!warmUp.awaitFinished(Duration.ofSeconds(60))) {
                notes.add("warm-up workers still running after 60 s: " + warmUp.running());
            }
            Map<Kind, Tally> warmUpTallies = warmUp.tallies();
            warmUp = null; // its HttpClients close their pooled connections once collected
            server.heapAfterFullGc();
            settle(server, Integer.MAX_VALUE, Integer.MAX_VALUE, Duration.ofSeconds(30));
            readings.add(reading(server, "baseline", Double.NaN, 0));

            SoakTraffic traffic = new SoakTraffic(server.apiPort(), options.threads(), options.kinds());
            Instant startedAt = Instant.now();
            long start = System.nanoTime();
            traffic.start(options.duration(), options.seed());
            String[] checkpoints = {"first quarter", "middle", "third quarter"};
            for (int i = 0; i < checkpoints.length; i++) {
                long at = start + options.duration().toNanos() * (i + 1) / 4;
                if (traffic.awaitFinished(Duration.ofNanos(Math.max(0, at - System.nanoTime())))) {
                    notes.add("the traffic ended before the " + checkpoints[i] + " reading");
                }
                readings.add(reading(server, checkpoints[i], seconds(start), traffic.served()));
            }
            if (!traffic.awaitFinished(options.duration().plusSeconds(60))) {
                notes.add("workers still running 60 s after the end: " + traffic.running());
            }
            double trafficSeconds = seconds(start);
            Map<Kind, Tally> tallies = traffic.tallies();
            int stuckWorkers = traffic.running();
            long served = traffic.served();
            traffic = null; // as for the warm-up: the workers' clients let go of their connections once collected

            Reading base = readings.get(0);
            long settleStart = System.nanoTime();
            boolean settled = settle(
                    server,
                    base.fds() + options.fdTolerance(),
                    base.threads() + options.threadTolerance(),
                    options.settle());
            double settleSeconds = seconds(settleStart);
            if (!settled) {
                notes.add("not at rest " + options.settle().toSeconds() + " s after the traffic stopped");
            }
            readings.add(reading(server, "end", seconds(start), served));
            // not a criterion: a cross-check of the two request meters, which should count the same requests
            notes.add("API requests counted by the meters at the end: kamaelia.http.requests "
                    + server.apiCount("kamaelia_http_requests_seconds") + ", http.server.requests "
                    + server.apiCount("http_server_requests_seconds"));

            List<Criterion> criteria = judge(options, warmUpTallies, tallies, readings, stuckWorkers, server);
            if (criteria.stream().anyMatch(c -> !c.passed())) {
                notes.add("app log tail:\n" + server.logTail());
            }
            return new Result(
                    options,
                    startedAt,
                    trafficSeconds,
                    warmUpTallies,
                    tallies,
                    List.copyOf(readings),
                    settleSeconds,
                    criteria,
                    List.copyOf(notes));
        }
    }

    /**
     * Waits until the API has no connection open and the app's descriptors and threads are down to the limits;
     * true if that happened before {@code deadline}. The driver collects its own garbage on each poll, since its
     * HttpClients only close their pooled connections once unreachable.
     */
    private static boolean settle(SoakServer server, int maxFds, int maxThreads, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            System.gc();
            // descriptors and threads first: the Actuator request below opens a connection of its own
            boolean rest = server.fileDescriptors() <= maxFds && server.threads() <= maxThreads;
            if (rest && server.apiConnections() == 0) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            SoakServer.pause(Duration.ofMillis(250));
        }
    }

    private static Reading reading(SoakServer server, String label, double atSeconds, long served)
            throws IOException, InterruptedException {
        if (!server.alive()) {
            throw new IllegalStateException("the app died before the " + label + " reading:\n" + server.logTail());
        }
        SoakServer.Heap heap = server.heapAfterFullGc();
        int fds = server.fileDescriptors();
        int threads = server.threads();
        int connections = server.apiConnections();
        return new Reading(
                label, atSeconds, heap.usedBytes(), heap.metaspaceBytes(), fds, threads, connections, served);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static List<Criterion> judge(
            Options options,
            Map<Kind, Tally> warmUp,
            Map<Kind, Tally> tallies,
            List<Reading> readings,
            int stuckWorkers,
            SoakServer server) {
        List<Criterion> criteria = new ArrayList<>();
        long errors = tallies.values().stream().mapToLong(Tally::errorCount).sum();
        long warmUpErrors =
                warmUp.values().stream().mapToLong(Tally::errorCount).sum();
        StringBuilder byKind = new StringBuilder();
        tallies.forEach((kind, tally) -> {
            if (tally.errorCount() > 0) {
                byKind.append(byKind.length() == 0 ? "" : "; ")
                        .append(kind)
                        .append(' ')
                        .append(tally.errors());
            }
        });
        criteria.add(new Criterion(
                "no unexpected errors",
                errors == 0 && warmUpErrors == 0,
                errors + " in the soak, " + warmUpErrors + " in the warm-up"
                        + (byKind.length() > 0 ? ": " + byKind : "")));
        List<Kind> idle = new ArrayList<>();
        for (Kind kind : options.kinds()) {
            if (tallies.get(kind).expectedOutcomes() == 0) {
                idle.add(kind);
            }
        }
        criteria.add(new Criterion(
                "every kind had expected outcomes", idle.isEmpty(), idle.isEmpty() ? "all did" : "none for " + idle));
        criteria.add(new Criterion("workers stopped at the end", stuckWorkers == 0, stuckWorkers + " still running"));

        Reading base = readings.get(0);
        Reading middle = readings.stream()
                .filter(r -> r.label().equals("middle"))
                .findFirst()
                .orElseThrow();
        Reading end = readings.get(readings.size() - 1);
        long allowed = Math.max(
                options.heapToleranceBytes(), Math.round(middle.heapBytes() * options.heapToleranceFraction()));
        criteria.add(new Criterion(
                "heap after GC flat (end <= middle + max(" + options.heapToleranceBytes() / MB + " MB, "
                        + Math.round(options.heapToleranceFraction() * 100) + "%))",
                end.heapBytes() <= middle.heapBytes() + allowed,
                String.format(
                        "middle %.1f MB, end %.1f MB, allowed up to %.1f MB",
                        middle.heapBytes() / (double) MB,
                        end.heapBytes() / (double) MB,
                        (middle.heapBytes() + allowed) / (double) MB)));
        long allowedAtRest =
                Math.max(options.heapToleranceBytes(), Math.round(base.heapBytes() * options.heapToleranceFraction()));
        // the middle reading is taken under load (buffers of live connections included), so the end, at rest, is
        // also held to the baseline, the other reading at rest: growth between those two is what a leak leaves
        criteria.add(new Criterion(
                "heap after GC back to baseline (end <= baseline + max(" + options.heapToleranceBytes() / MB + " MB, "
                        + Math.round(options.heapToleranceFraction() * 100) + "%))",
                end.heapBytes() <= base.heapBytes() + allowedAtRest,
                String.format(
                        "baseline %.1f MB, end %.1f MB, allowed up to %.1f MB",
                        base.heapBytes() / (double) MB,
                        end.heapBytes() / (double) MB,
                        (base.heapBytes() + allowedAtRest) / (double) MB)));
        criteria.add(new Criterion(
                "file descriptors back to baseline (+" + options.fdTolerance() + ")",
                end.fds() <= base.fds() + options.fdTolerance(),
                "baseline " + base.fds() + ", end " + end.fds()));
        criteria.add(new Criterion(
                "threads back to baseline (+" + options.threadTolerance() + ")",
                end.threads() <= base.threads() + options.threadTolerance(),
                "baseline " + base.threads() + ", end " + end.threads()));
        criteria.add(new Criterion(
                "no API connection left open", end.apiConnections() == 0, end.apiConnections() + " open at the end"));
        criteria.add(new Criterion("the app still runs", server.alive(), server.alive() ? "yes" : "it exited"));
        return List.copyOf(criteria);
    }
}

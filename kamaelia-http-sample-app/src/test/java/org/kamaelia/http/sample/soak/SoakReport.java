package org.kamaelia.http.sample.soak;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a soak's result as a markdown report: verdict, traffic per kind, errors, readings and criteria. */
public final class SoakReport {
    private SoakReport() {}

    /** The report; {@code context} lines (commit, machine, command) go under the title as they are. */
    public static String markdown(SoakRun.Result result, List<String> context) {
        StringBuilder md = new StringBuilder();
        SoakRun.Options options = result.options();
        md.append("# Soak: ")
                .append(
                        options.duration().toSeconds() % 60 == 0
                                ? options.duration().toMinutes() + " min"
                                : options.duration().toSeconds() + " s")
                .append(", ")
                .append(result.passed() ? "PASS" : "FAIL")
                .append("\n\n");
        for (String line : context) {
            md.append("* ").append(line).append('\n');
        }
        md.append("* started ")
                .append(result.startedAt())
                .append(", traffic ran ")
                .append(String.format(Locale.ROOT, "%.0f s", result.trafficSeconds()))
                .append(", ")
                .append(options.threads())
                .append(" general workers")
                .append(
                        options.kinds().contains(Kind.HALF_CLOSE_INCOMPLETE_BODY)
                                ? " + 1 for the incomplete-body kind"
                                : "")
                .append(", seed ")
                .append(options.seed())
                .append('\n');
        md.append("* app JVM options: `")
                .append(String.join(" ", options.javaOptions()))
                .append("`\n\n");
        md.append("`").append(result.summary()).append("`\n\n");

        md.append("## Traffic per kind\n\n");
        md.append("| kind | operations | responses | expected outcomes | errors |\n");
        md.append("| --- | ---: | ---: | ---: | ---: |\n");
        long operations = 0;
        long expected = 0;
        for (Map.Entry<Kind, Tally> e : result.tallies().entrySet()) {
            Tally t = e.getValue();
            if (!options.kinds().contains(e.getKey())) {
                md.append("| ").append(e.getKey()).append(" | not sent | | | |\n");
                continue;
            }
            operations += t.attempts();
            expected += t.expectedOutcomes();
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %d | %d |%n",
                    e.getKey(),
                    t.attempts(),
                    t.served(),
                    t.expectedOutcomes(),
                    t.errorCount()));
        }
        md.append(String.format(
                Locale.ROOT,
                "| **all** | %d | %d | %d | %d |%n%n",
                operations,
                result.served(),
                expected,
                result.tallies().values().stream().mapToLong(Tally::errorCount).sum()));
        md.append(String.format(
                Locale.ROOT,
                "%.0f responses a second on average. An operation is one connection's worth of work (10 to 25 GETs"
                        + " for keep-alive, 2 to 16 requests for a pipelined batch, one request otherwise).%n%n",
                result.served() / Math.max(result.trafficSeconds(), 0.001)));

        md.append("## Errors by kind and cause\n\n");
        boolean any = false;
        for (String phase : List.of("soak", "warm-up")) {
            Map<Kind, Tally> tallies = phase.equals("soak") ? result.tallies() : result.warmUp();
            for (Map.Entry<Kind, Tally> e : tallies.entrySet()) {
                Tally t = e.getValue();
                if (t.errorCount() == 0) {
                    continue;
                }
                any = true;
                md.append("* ").append(phase).append(", **").append(e.getKey()).append("**:\n");
                t.errors()
                        .forEach((cause, n) -> md.append("  * ")
                                .append(n)
                                .append(" × ")
                                .append(cause)
                                .append('\n'));
                for (String sample : t.samples()) {
                    md.append("  * e.g. `").append(sample.replace('`', '\'')).append("`\n");
                }
            }
        }
        md.append(any ? "\n" : "None.\n\n");

        md.append("## Readings of the app process\n\n");
        md.append("Heap is what is used after a full GC (`jcmd PID GC.run`, then `GC.heap_info`); descriptors are"
                + " counted in `/proc/PID/fd`, threads read from `/proc/PID/status`.\n\n");
        md.append("| reading | at (s) | responses so far | heap after GC (MB) | Metaspace (MB) | fds | threads |"
                + " API connections |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (SoakRun.Reading r : result.readings()) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %d | %.1f | %.1f | %d | %d | %d |%n",
                    r.label(),
                    Double.isNaN(r.atSeconds()) ? "before" : String.format(Locale.ROOT, "%.0f", r.atSeconds()),
                    r.served(),
                    r.heapBytes() / 1048576.0,
                    r.metaspaceBytes() / 1048576.0,
                    r.fds(),
                    r.threads(),
                    r.apiConnections()));
        }
        md.append(String.format(
                Locale.ROOT,
                "%nThe end reading was taken %.1f s after the traffic stopped, once the app was back at rest (or the"
                        + " settle deadline of %d s passed).%n%n",
                result.settleSeconds(),
                options.settle().toSeconds()));

        md.append("## Criteria\n\n");
        md.append("| criterion | verdict | figures |\n| --- | --- | --- |\n");
        for (SoakRun.Criterion c : result.criteria()) {
            md.append("| ")
                    .append(c.name())
                    .append(" | ")
                    .append(c.passed() ? "pass" : "**FAIL**")
                    .append(" | ")
                    .append(c.detail().replace("|", "\\|"))
                    .append(" |\n");
        }
        List<String> notes = result.notes().stream()
                .filter(n -> !n.startsWith("app log tail"))
                .toList();
        if (!notes.isEmpty()) {
            md.append("\n## Notes\n\n");
            notes.forEach(n -> md.append("* ").append(n).append('\n'));
        }
        return md.toString();
    }
}

package org.kamaelia.http.resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kamaelia.http.message.HttpSyntax;

/** Parses a {@code Range} field for bytes (RFC 9110 section 14.1) against a representation's length. */
public final class ByteRanges {
    /** The most ranges honoured in one request; more is treated as no Range (a guard against abuse). */
    public static final int MAX_RANGES = 16;

    private ByteRanges() {}

    /**
     * One satisfiable range, inclusive at both ends.
     *
     * @param first the first byte
     * @param last the last byte
     */
    public record Range(long first, long last) {
        /** The number of bytes. */
        public long length() {
            return last - first + 1;
        }

        /** The {@code Content-Range} value for this range of a representation of {@code total} bytes. */
        public String contentRange(long total) {
            return "bytes " + first + "-" + last + "/" + total;
        }
    }

    /** What a Range field asks for. */
    public sealed interface Request permits Ignore, Satisfiable, Unsatisfiable {}

    /** Serve the whole representation: no Range, another unit, bad syntax, or too many ranges. */
    public record Ignore() implements Request {}

    /** Serve these ranges (in the order asked). */
    public record Satisfiable(List<Range> ranges) implements Request {}

    /** No range overlaps the representation: 416. */
    public record Unsatisfiable() implements Request {}

    /** Reads {@code field} (the Range value, if any) against a representation of {@code length} bytes. */
    public static Request parse(Optional<String> field, long length) {
        if (field.isEmpty()) {
            return new Ignore();
        }
        String value = field.get().trim();
        int eq = value.indexOf('=');
        if (eq < 0 || !value.substring(0, eq).trim().equalsIgnoreCase("bytes")) {
            return new Ignore(); // unknown range units are ignored (RFC 9110 section 14.2)
        }
        String[] specs = value.substring(eq + 1).split(",", -1);
        if (specs.length > MAX_RANGES) {
            return new Ignore();
        }
        List<Range> ranges = new ArrayList<>();
        boolean anySpec = false;
        for (String raw : specs) {
            String spec = raw.trim();
            if (spec.isEmpty()) {
                continue; // empty list elements are ignored (RFC 9110 section 5.6.1.2)
            }
            anySpec = true;
            int dash = spec.indexOf('-');
            if (dash < 0) {
                return new Ignore();
            }
            String from = spec.substring(0, dash).trim();
            String to = spec.substring(dash + 1).trim();
            if (from.isEmpty()) {
                long suffix = HttpSyntax.parseDigits(to);
                if (suffix < 0) {
                    return new Ignore();
                }
                if (suffix > 0 && length > 0) {
                    ranges.add(new Range(Math.max(0, length - suffix), length - 1));
                }
                continue;
            }
            long first = HttpSyntax.parseDigits(from);
            long last = to.isEmpty() ? Long.MAX_VALUE : HttpSyntax.parseDigits(to);
            if (first < 0 || last < 0 || last < first) {
                return new Ignore();
            }
            if (first < length) {
                ranges.add(new Range(first, Math.min(last, length - 1)));
            }
        }
        if (!anySpec) {
            return new Ignore();
        }
        return ranges.isEmpty() ? new Unsatisfiable() : new Satisfiable(ranges);
    }
}

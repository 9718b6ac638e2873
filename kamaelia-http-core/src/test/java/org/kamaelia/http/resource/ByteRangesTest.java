package org.kamaelia.http.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.kamaelia.http.resource.ByteRanges.Range;

class ByteRangesTest {
    private static final long LENGTH = 10_000;

    private static ByteRanges.Request parse(String field) {
        return ByteRanges.parse(Optional.of(field), LENGTH);
    }

    private static ByteRanges.Satisfiable ranges(Range... ranges) {
        return new ByteRanges.Satisfiable(List.of(ranges));
    }

    static Stream<Arguments> satisfiable() {
        return Stream.of(
                // single ranges (RFC 9110 section 14.1.1: int-range)
                Arguments.of("bytes=0-0", ranges(new Range(0, 0))),
                Arguments.of("bytes=0-499", ranges(new Range(0, 499))),
                Arguments.of("bytes=500-999", ranges(new Range(500, 999))),
                Arguments.of("bytes=9999-9999", ranges(new Range(9999, 9999))),
                // a last position past the end is clamped to the end
                Arguments.of("bytes=9500-20000", ranges(new Range(9500, 9999))),
                Arguments.of("bytes=0-999999999999999999", ranges(new Range(0, 9999))),
                // open-ended
                Arguments.of("bytes=9500-", ranges(new Range(9500, 9999))),
                Arguments.of("bytes=0-", ranges(new Range(0, 9999))),
                // suffix (suffix-range)
                Arguments.of("bytes=-500", ranges(new Range(9500, 9999))),
                Arguments.of("bytes=-1", ranges(new Range(9999, 9999))),
                Arguments.of("bytes=-10000", ranges(new Range(0, 9999))),
                Arguments.of("bytes=-20000", ranges(new Range(0, 9999))),
                // several, in the order asked, overlapping ones kept
                Arguments.of("bytes=0-0,-1", ranges(new Range(0, 0), new Range(9999, 9999))),
                Arguments.of("bytes=500-600, 601-999", ranges(new Range(500, 600), new Range(601, 999))),
                Arguments.of("bytes=500-700,601-999", ranges(new Range(500, 700), new Range(601, 999))),
                Arguments.of("bytes=9000-,0-9", ranges(new Range(9000, 9999), new Range(0, 9))),
                // unsatisfiable members of a set are dropped when another member is satisfiable
                Arguments.of("bytes=20000-30000,0-9", ranges(new Range(0, 9))),
                Arguments.of("bytes=-0,0-9", ranges(new Range(0, 9))),
                // the unit is case-insensitive; optional whitespace around members
                Arguments.of("Bytes=0-9", ranges(new Range(0, 9))),
                Arguments.of("BYTES=0-9", ranges(new Range(0, 9))),
                Arguments.of("  bytes=0-9 , 20-29  ", ranges(new Range(0, 9), new Range(20, 29))),
                // empty list elements are ignored (RFC 9110 section 5.6.1.2)
                Arguments.of("bytes=0-9,,20-29", ranges(new Range(0, 9), new Range(20, 29))),
                Arguments.of("bytes=, 0-9", ranges(new Range(0, 9))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("satisfiable")
    void servesSatisfiableRanges(String field, ByteRanges.Satisfiable expected) {
        assertThat(parse(field)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> 416")
    @ValueSource(
            strings = {
                "bytes=10000-", // first position at the length
                "bytes=10000-10000",
                "bytes=20000-30000",
                "bytes=-0", // a zero-length suffix selects nothing
                "bytes=10000-,20000-",
                "bytes=-0,10000-"
            })
    void answers416WhenNoRangeOverlaps(String field) {
        assertThat(parse(field)).isInstanceOf(ByteRanges.Unsatisfiable.class);
    }

    @Test
    void everySuffixOfAnEmptyRepresentationIsUnsatisfiable() {
        assertThat(ByteRanges.parse(Optional.of("bytes=-5"), 0)).isInstanceOf(ByteRanges.Unsatisfiable.class);
        assertThat(ByteRanges.parse(Optional.of("bytes=0-"), 0)).isInstanceOf(ByteRanges.Unsatisfiable.class);
    }

    @ParameterizedTest(name = "ignored: [{0}]")
    @ValueSource(
            strings = {
                "", // no unit
                "bytes", // no '='
                "bytes=", // an empty range set
                "bytes=,", // only empty elements
                "items=0-9", // another unit (RFC 9110 section 14.2)
                "none", // the Accept-Ranges value, not a range
                "bytes0-9",
                "bytes=9", // no dash
                "bytes=-", // neither end
                "bytes=5-3", // last before first: the set is invalid
                "bytes=0-9,5-3",
                "bytes=a-9",
                "bytes=0-b",
                "bytes=-x",
                "bytes=+0-9", // signs are not digits
                "bytes=0-+9",
                "bytes=--5",
                "bytes=-5-",
                "bytes=0-1-2",
                "bytes=0x10-0x20",
                "bytes=1 0-20", // whitespace inside a number
                "bytes=\u0661-\u0669", // non-ASCII digits
                "bytes=0-9;q=1",
                // numbers that overflow a long, or are longer than any representation could be
                "bytes=9223372036854775808-",
                "bytes=99999999999999999999-",
                "bytes=-99999999999999999999",
                "bytes=0-99999999999999999999"
            })
    void ignoresSyntacticallyBadFields(String field) {
        assertThat(parse(field)).isInstanceOf(ByteRanges.Ignore.class);
    }

    @Test
    void ignoresAnAbsentField() {
        assertThat(ByteRanges.parse(Optional.empty(), LENGTH)).isInstanceOf(ByteRanges.Ignore.class);
    }

    @Test
    void honoursUpToMaxRangesAndIgnoresMore() {
        List<String> specs = new ArrayList<>();
        for (int i = 0; i < ByteRanges.MAX_RANGES; i++) {
            specs.add(i * 10 + "-" + (i * 10 + 4));
        }
        ByteRanges.Request atLimit = parse("bytes=" + String.join(",", specs));
        assertThat(atLimit).isInstanceOf(ByteRanges.Satisfiable.class);
        assertThat(((ByteRanges.Satisfiable) atLimit).ranges()).hasSize(ByteRanges.MAX_RANGES);

        specs.add("1000-1004");
        assertThat(parse("bytes=" + String.join(",", specs))).isInstanceOf(ByteRanges.Ignore.class);
    }

    @Test
    void aRangeKnowsItsLengthAndContentRange() {
        Range range = new Range(500, 999);
        assertThat(range.length()).isEqualTo(500);
        assertThat(range.contentRange(LENGTH)).isEqualTo("bytes 500-999/10000");
        assertThat(new Range(0, 0).length()).isEqualTo(1);
    }
}

package org.kamaelia.http.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ValidatorsTest {
    private static final String STRONG = "\"abc\"";
    private static final String WEAK = "W/\"abc\"";
    private static final String DATE = "Thu, 01 Jan 2026 10:00:00 GMT";

    // field, current tag, strong result, weak result (RFC 9110 section 8.8.3.2's comparison table and lists)
    static Stream<Arguments> comparisons() {
        return Stream.of(
                Arguments.of("*", STRONG, true, true),
                Arguments.of(" * ", WEAK, true, true),
                Arguments.of("\"abc\"", STRONG, true, true),
                Arguments.of("W/\"abc\"", STRONG, false, true),
                Arguments.of("\"abc\"", WEAK, false, true),
                Arguments.of("W/\"abc\"", WEAK, false, true),
                Arguments.of("\"abd\"", STRONG, false, false),
                Arguments.of("W/\"abd\"", WEAK, false, false),
                Arguments.of("\"ABC\"", STRONG, false, false), // opaque tags are case-sensitive
                Arguments.of("abc", STRONG, false, false), // an unquoted tag is not a tag
                Arguments.of("\"x\", \"abc\"", STRONG, true, true),
                Arguments.of("\"x\",\"abc\"", STRONG, true, true),
                Arguments.of("\"x\" ,\t\"abc\"", STRONG, true, true),
                Arguments.of("\"x\", W/\"abc\"", STRONG, false, true),
                Arguments.of("W/\"x\", W/\"abc\", \"y\"", STRONG, false, true),
                Arguments.of(",, \"abc\" ,", STRONG, true, true), // empty list elements
                Arguments.of("\"a,b\", \"abc\"", STRONG, true, true), // a comma inside a tag
                Arguments.of("\"a,b\"", "\"a,b\"", true, true),
                Arguments.of("junk, \"abc\"", STRONG, true, true), // a bad member does not hide the rest
                Arguments.of("\"abc", STRONG, false, false), // unterminated
                Arguments.of("\"x\", \"abc", STRONG, false, false),
                Arguments.of("", STRONG, false, false),
                Arguments.of("\"\"", "\"\"", true, true),
                Arguments.of("\"*\"", STRONG, false, false), // a quoted star is a tag, not the wildcard
                Arguments.of("*, \"x\"", STRONG, false, false)); // '*' is only a wildcard on its own
    }

    @ParameterizedTest(name = "[{0}] vs {1}: strong {2}, weak {3}")
    @MethodSource("comparisons")
    void comparesEntityTagLists(String field, String current, boolean strong, boolean weak) {
        assertThat(Validators.matches(field, current, false)).as("strong").isEqualTo(strong);
        assertThat(Validators.matches(field, current, true)).as("weak").isEqualTo(weak);
    }

    // field, etag, last-modified, whether the range may be served (RFC 9110 section 13.1.5)
    static Stream<Arguments> ifRange() {
        return Stream.of(
                Arguments.of(STRONG, STRONG, DATE, true),
                Arguments.of(" " + STRONG + " ", STRONG, DATE, true),
                Arguments.of("\"other\"", STRONG, DATE, false),
                Arguments.of(WEAK, STRONG, DATE, false), // weak tags never satisfy If-Range
                Arguments.of(WEAK, WEAK, DATE, false),
                Arguments.of(STRONG, WEAK, DATE, false),
                Arguments.of(DATE, STRONG, DATE, true), // the exact date
                Arguments.of("Thursday, 01-Jan-26 10:00:00 GMT", STRONG, DATE, true), // obsolete form, same date
                Arguments.of("Thu, 01 Jan 2026 10:00:01 GMT", STRONG, DATE, false), // later is not exact
                Arguments.of("Thu, 01 Jan 2026 09:59:59 GMT", STRONG, DATE, false),
                Arguments.of("not a date", STRONG, DATE, false),
                Arguments.of("", STRONG, DATE, false));
    }

    @ParameterizedTest(name = "If-Range [{0}] with {1}, {2}: {3}")
    @MethodSource("ifRange")
    void ifRangeHoldsOnlyForTheCurrentStrongValidator(String field, String etag, String lastModified, boolean holds) {
        assertThat(Validators.ifRangeHolds(field, etag, lastModified)).isEqualTo(holds);
    }
}

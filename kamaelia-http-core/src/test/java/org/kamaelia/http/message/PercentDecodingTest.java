package org.kamaelia.http.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PercentDecodingTest {

    static Stream<Arguments> wellFormed() {
        return Stream.of(
                Arguments.of("/plain/path", "/plain/path"),
                Arguments.of("", ""),
                Arguments.of("/a%20b", "/a b"),
                Arguments.of("%41%42%43", "ABC"),
                Arguments.of("%7e%7E", "~~"),
                Arguments.of("%2F", "/"),
                Arguments.of("%2f%5C", "/\\"),
                Arguments.of("%25", "%"),
                Arguments.of("%2541", "%41"),
                Arguments.of("%00", "\0"),
                Arguments.of("%C3%A9t%C3%A9", "été"),
                Arguments.of("%E2%82%AC", "€"),
                Arguments.of("%F0%9F%98%80", "😀"),
                Arguments.of("%EF%BF%BF", "\uFFFF"),
                Arguments.of("+", "+"),
                Arguments.of("a%2Bb", "a+b"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("wellFormed")
    void decodesWellFormedEscapes(String encoded, String decoded) {
        assertThat(PercentDecoding.decode(encoded)).isEqualTo(decoded);
    }

    @Test
    void returnsTheSameStringWhenThereIsNoEscape() {
        String s = "/no/escape/here";
        assertThat(PercentDecoding.decode(s)).isSameAs(s);
    }

    @ParameterizedTest(name = "bad escape {0}")
    @ValueSource(
            strings = {
                "%",
                "%4",
                "/a%",
                "/a%4",
                "%G1",
                "%1G",
                "%%41",
                "%-1",
                "%+1",
                "% 1",
                "%4 ",
                "/x%zz/y",
                // non-ASCII digits that Character.digit would read as hex: fullwidth, Arabic-Indic, Devanagari
                "%\uFF12\uFF26",
                "%\uFF21\uFF11",
                "%\u0662F",
                "%2\u0966"
            })
    void refusesMalformedEscapes(String encoded) {
        assertThat(PercentDecoding.decode(encoded)).isNull();
    }

    @ParameterizedTest(name = "bad UTF-8 {0}")
    @ValueSource(
            strings = {
                "%80", // lone continuation byte
                "%BF",
                "%C3", // truncated two-byte sequence
                "%C3%28", // bad continuation
                "%E2%82", // truncated three-byte sequence
                "%F0%9F%98", // truncated four-byte sequence
                "%C0%AF", // overlong '/'
                "%C1%9C", // overlong '\'
                "%C0%80", // overlong NUL (modified UTF-8)
                "%E0%80%AF", // overlong '/' in three bytes
                "%F0%80%80%AF", // overlong '/' in four bytes
                "%ED%A0%80", // encoded UTF-16 surrogate
                "%ED%BF%BF",
                "%F4%90%80%80", // above U+10FFFF
                "%F5%80%80%80",
                "%FE",
                "%FF",
                "/ok/%E9t%E9" // ISO-8859-1, not UTF-8
            })
    void refusesMalformedUtf8(String encoded) {
        assertThat(PercentDecoding.decode(encoded)).isNull();
    }

    @Test
    void keepsUnescapedNonAsciiCharactersIncludingSupplementaryOnes() {
        assertThat(PercentDecoding.decode("é%20😀")).isEqualTo("é 😀");
    }

    @Test
    void decodesALongRunOfEscapesWithoutOverflowingItsBuffer() {
        String encoded = "%F0%9F%98%80".repeat(2000);
        assertThat(PercentDecoding.decode(encoded)).isEqualTo("😀".repeat(2000));
    }
}

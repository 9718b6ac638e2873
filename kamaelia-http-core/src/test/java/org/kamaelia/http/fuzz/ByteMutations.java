package org.kamaelia.http.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Byte-level damage for grammar-built requests: bit flips, inserted, deleted and duplicated runs, injected
 * protocol bytes (CR, LF, NUL, space, tab, colon, semicolon), digit runs swapped for huge numbers, and truncation.
 *
 * <p>The grammar reaches deep states with well-formed bytes; these mutations then break the framing right where
 * the parser is, which is where incremental parsers go wrong.
 */
public final class ByteMutations {
    private static final byte[] SPECIAL = {'\r', '\n', 0, ' ', '\t', ':', ';', ',', '"', '0', (byte) 0x80, (byte) 0xff};
    private static final String[] NUMBERS = {
        "99999999999999999999", "18446744073709551615", "9223372036854775808", "FFFFFFFFFFFFFFFFF", "-0", "0"
    };

    private ByteMutations() {}

    /** Applies up to {@code most} mutations drawn from {@code data}; zero is the most likely count. */
    public static byte[] mutate(byte[] input, Choices data, int most) {
        byte[] bytes = input;
        int count = data.coin() ? 0 : data.intIn(1, most);
        for (int i = 0; i < count; i++) {
            bytes = mutateOnce(bytes, data);
        }
        return bytes;
    }

    /** Cuts {@code input} at a point drawn from {@code data}, anywhere from nothing to all of it kept. */
    public static byte[] truncate(byte[] input, Choices data) {
        return Arrays.copyOf(input, data.intIn(0, input.length));
    }

    private static byte[] mutateOnce(byte[] bytes, Choices data) {
        if (bytes.length == 0) {
            return new byte[] {special(data)};
        }
        int at = data.intIn(0, bytes.length - 1);
        switch (data.intIn(0, 6)) {
            case 0: {
                byte[] copy = bytes.clone();
                copy[at] ^= (byte) (1 << data.intIn(0, 7));
                return copy;
            }
            case 1:
                return splice(bytes, at, at, new byte[] {data.anyByte()});
            case 2:
                return splice(bytes, at, Math.min(bytes.length, at + data.intIn(1, 8)), new byte[0]);
            case 3: {
                int end = Math.min(bytes.length, at + data.intIn(1, 32));
                return splice(bytes, end, end, Arrays.copyOfRange(bytes, at, end));
            }
            case 4:
                return splice(bytes, at, at, new byte[] {special(data)});
            case 5:
                return replaceDigits(bytes, at, data);
            default: {
                byte[] copy = bytes.clone();
                copy[at] = special(data);
                return copy;
            }
        }
    }

    // Numbers decide framing (Content-Length, chunk sizes): the digit run at or after the position becomes a
    // number that overflows one integer type or another.
    private static byte[] replaceDigits(byte[] bytes, int from, Choices data) {
        int start = from;
        while (start < bytes.length && Character.digit(bytes[start], 16) < 0) {
            start++;
        }
        int end = start;
        while (end < bytes.length && Character.digit(bytes[end], 16) >= 0) {
            end++;
        }
        return splice(bytes, start, end, data.oneOf(NUMBERS).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] splice(byte[] bytes, int from, int to, byte[] replacement) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + replacement.length);
        out.write(bytes, 0, from);
        out.writeBytes(replacement);
        out.write(bytes, to, bytes.length - to);
        return out.toByteArray();
    }

    private static byte special(Choices data) {
        return SPECIAL[data.intIn(0, SPECIAL.length - 1)];
    }
}

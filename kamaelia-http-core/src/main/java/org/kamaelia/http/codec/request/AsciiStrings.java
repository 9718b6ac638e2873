package org.kamaelia.http.codec.request;

import java.nio.charset.StandardCharsets;

/**
 * Makes strings of the ASCII bytes of a head, giving the shared literal for spellings clients commonly use (methods,
 * field names) instead of a new string per request.
 */
final class AsciiStrings {
    private AsciiStrings() {}

    /**
     * The spelling in {@code spellings} that equals {@code bytes[from, to)} byte for byte, or a new string of those
     * bytes. The literals are shared, so they also compare equal to other literals by identity first.
     */
    static String shared(String[] spellings, byte[] bytes, int from, int to) {
        int n = to - from;
        for (String spelling : spellings) {
            if (spelling.length() == n && sameBytes(spelling, bytes, from)) {
                return spelling;
            }
        }
        return of(bytes, from, to);
    }

    /** A new string of {@code bytes[from, to)}, one char per byte. */
    static String of(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static boolean sameBytes(String spelling, byte[] bytes, int from) {
        for (int i = 0; i < spelling.length(); i++) {
            if (bytes[from + i] != spelling.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The first index of {@code wanted} in {@code bytes[from, to)}, or -1. */
    static int indexOf(byte[] bytes, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}

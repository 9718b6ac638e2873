package org.kamaelia.http.message;

/** Character classes of RFC 9110 section 5.6 and the checks built on them; shared by decoder and encoder. */
public final class HttpSyntax {
    private static final boolean[] TCHAR = new boolean[256];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 'a' + 'A'] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private HttpSyntax() {}

    /** Whether {@code b} is a token character (tchar). */
    public static boolean isTokenChar(int b) {
        return b >= 0 && b < 256 && TCHAR[b];
    }

    /** Whether {@code s} is a non-empty token. */
    public static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code b} may appear in a field value: visible ASCII, space, horizontal tab, or obs-text; never
     * NUL, CR, LF or another control character.
     */
    public static boolean isFieldValueChar(int b) {
        return b == '\t' || (b >= 0x20 && b != 0x7F && b < 256);
    }

    /**
     * The value of {@code text} as 1*DIGIT of at most 18 digits (so it cannot overflow a long), or -1 when it is
     * empty, longer, or holds anything else (no sign, no spaces).
     */
    public static long parseDigits(String text) {
        if (text.isEmpty() || text.length() > 18) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    static void requireFieldName(String name) {
        if (!isToken(name)) {
            throw new IllegalArgumentException("invalid header name: " + printable(name));
        }
    }

    static void requireFieldValue(String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!isFieldValueChar(c)) {
                throw new IllegalArgumentException("invalid character 0x" + Integer.toHexString(c)
                        + " in the value of header " + name + " (CR, LF, NUL and controls are refused)");
            }
        }
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length() && i < 64; i++) {
            char c = s.charAt(i);
            out.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return "'" + out + "'";
    }
}

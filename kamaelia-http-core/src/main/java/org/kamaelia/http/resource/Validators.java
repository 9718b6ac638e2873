package org.kamaelia.http.resource;

import org.kamaelia.http.message.HttpDates;

/** Entity-tag comparison (RFC 9110 section 8.8.3.2) and the If-Range rule (section 13.1.5). */
final class Validators {
    private Validators() {}

    /**
     * Whether the list in an If-Match / If-None-Match field matches {@code current}: {@code *} always does;
     * weak comparison ignores {@code W/} prefixes, strong comparison never matches a weak tag.
     */
    static boolean matches(String field, String current, boolean weak) {
        String trimmed = field.trim();
        if (trimmed.equals("*")) {
            return true;
        }
        String currentOpaque = opaque(current);
        for (String candidate : splitTags(trimmed)) {
            boolean candidateWeak = candidate.startsWith("W/");
            if (!weak && (candidateWeak || current.startsWith("W/"))) {
                continue;
            }
            if (opaque(candidate).equals(currentOpaque)) {
                return true;
            }
        }
        return false;
    }

    /** Whether an If-Range value still names the current representation (strong tag, or the exact date). */
    static boolean ifRangeHolds(String field, String etag, String lastModified) {
        String value = field.trim();
        if (value.startsWith("\"") || value.startsWith("W/")) {
            return !value.startsWith("W/") && value.equals(etag);
        }
        return HttpDates.parse(value)
                .flatMap(date -> HttpDates.parse(lastModified).map(date::equals))
                .orElse(false);
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    private static java.util.List<String> splitTags(String field) {
        java.util.List<String> tags = new java.util.ArrayList<>();
        int i = 0;
        while (i < field.length()) {
            char c = field.charAt(i);
            if (c == ',' || c == ' ' || c == '\t') {
                i++;
                continue;
            }
            int start = i;
            if (field.startsWith("W/", i)) {
                i += 2;
            }
            if (i < field.length() && field.charAt(i) == '"') {
                int close = field.indexOf('"', i + 1);
                if (close < 0) {
                    break;
                }
                i = close + 1;
                tags.add(field.substring(start, i));
            } else {
                while (i < field.length() && field.charAt(i) != ',') {
                    i++;
                }
            }
        }
        return tags;
    }
}

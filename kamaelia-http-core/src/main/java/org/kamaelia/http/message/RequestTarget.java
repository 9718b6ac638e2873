package org.kamaelia.http.message;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The request target of RFC 9112 section 3.2, decoded: the raw text as sent, its form, the authority of an
 * absolute-form target, the percent-decoded and normalised path, and the query.
 *
 * @param raw the target exactly as it appeared in the request line
 * @param form which of the four forms it is
 * @param authority the host (and port) of an absolute-form or authority-form target, or empty
 * @param rawPath the path as sent (still percent-encoded), {@code *} for asterisk-form
 * @param path the path percent-decoded (as UTF-8) with dot segments removed; always starts with {@code /}
 *     except for asterisk-form ({@code *}) and authority-form (empty)
 * @param rawQuery the query as sent, without the {@code ?}, or empty
 */
public record RequestTarget(
        String raw, Form form, String authority, String rawPath, String path, Optional<String> rawQuery) {

    /** The four forms of a request target. */
    public enum Form {
        /** {@code /path?query}: the usual form. */
        ORIGIN,
        /** {@code http://host/path?query}: sent to proxies, and accepted by servers. */
        ABSOLUTE,
        /** {@code host:port}: only for CONNECT. */
        AUTHORITY,
        /** {@code *}: only for OPTIONS. */
        ASTERISK
    }

    /**
     * The query parameters, percent-decoded as UTF-8 with {@code +} read as a space, in order of first
     * appearance; a name given several times keeps every value.
     */
    public Map<String, List<String>> queryParameters() {
        if (rawQuery.isEmpty() || rawQuery.get().isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.get().split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decodeQueryPart(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decodeQueryPart(pair.substring(eq + 1));
            parameters.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
        }
        parameters.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return Collections.unmodifiableMap(parameters);
    }

    /** The first value of query parameter {@code name}. */
    public Optional<String> queryParameter(String name) {
        List<String> values = queryParameters().get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    private static String decodeQueryPart(String part) {
        String decoded = PercentDecoding.decode(part.replace('+', ' '));
        return decoded == null ? part : decoded;
    }
}

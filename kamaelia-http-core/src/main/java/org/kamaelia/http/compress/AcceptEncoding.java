package org.kamaelia.http.compress;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.kamaelia.http.message.HttpHeaders;

/**
 * Chooses the content coding of a response from the request's {@code Accept-Encoding} fields (RFC 9110 section
 * 12.5.3): pure, no state.
 *
 * <ul>
 *   <li>No {@code Accept-Encoding} field: identity. RFC 9110 would allow any coding, but clients that can decode
 *       say so, and every common server reads silence as "send it plain".
 *   <li>Each item is a coding and an optional q-value ({@code gzip;q=0.8}); names are case-insensitive,
 *       {@code x-gzip} is gzip, other parameters are ignored and an item with a malformed q-value is skipped.
 *   <li>A coding's weight is its own item's q-value, else that of {@code *}, else zero; zero refuses it, so
 *       {@code gzip;q=0, *} refuses gzip and takes deflate.
 *   <li>The heaviest offered coding wins; a tie goes to the coding offered first (the order of
 *       {@link Compression#codings()}: gzip, then deflate, by default).
 *   <li>An {@code identity} item with a weight above the winner's keeps the body plain; identity that is not
 *       listed never competes, as it is acceptable whatever the client says (section 12.5.3 lets a server send
 *       it even when {@code identity;q=0}).
 * </ul>
 */
final class AcceptEncoding {
    private static final int UNLISTED = -1;

    private AcceptEncoding() {}

    /**
     * The coding to apply to a response to a request with {@code request}'s fields, from {@code offered}, whose
     * iteration order breaks ties.
     */
    static Optional<ContentCoding> negotiate(HttpHeaders request, Collection<ContentCoding> offered) {
        List<String> values = request.all("Accept-Encoding");
        if (values.isEmpty() || offered.isEmpty()) {
            return Optional.empty();
        }
        ContentCoding[] codings = ContentCoding.values();
        int[] weights = new int[codings.length];
        java.util.Arrays.fill(weights, UNLISTED);
        int star = UNLISTED;
        int identity = UNLISTED;
        for (String value : values) {
            for (String item : value.split(",", -1)) {
                int semicolon = item.indexOf(';');
                String name = (semicolon < 0 ? item : item.substring(0, semicolon)).trim();
                if (name.isEmpty()) {
                    continue;
                }
                int weight = semicolon < 0 ? 1000 : weightOf(item.substring(semicolon + 1));
                if (weight < 0) {
                    continue; // a malformed q-value: the item says nothing reliable
                }
                if (name.equals("*")) {
                    star = Math.max(star, weight);
                } else if (name.equalsIgnoreCase("identity")) {
                    identity = Math.max(identity, weight);
                } else {
                    ContentCoding coding = ContentCoding.named(name);
                    if (coding != null) {
                        weights[coding.ordinal()] = Math.max(weights[coding.ordinal()], weight);
                    }
                }
            }
        }
        ContentCoding best = null;
        int bestWeight = 0;
        for (ContentCoding coding : offered) {
            int listed = weights[coding.ordinal()];
            int weight = listed != UNLISTED ? listed : Math.max(star, 0);
            if (weight > bestWeight) { // strictly: an equal weight keeps the coding offered earlier
                best = coding;
                bestWeight = weight;
            }
        }
        if (best == null || identity > bestWeight) {
            return Optional.empty();
        }
        return Optional.of(best);
    }

    /**
     * The q-value among {@code parameters} (what follows the coding's first {@code ;}) in thousandths: 1000 when
     * absent, -1 when malformed. {@code qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )}, RFC 9110
     * section 12.4.2.
     */
    static int weightOf(String parameters) {
        int weight = 1000;
        for (String parameter : parameters.split(";", -1)) {
            int equals = parameter.indexOf('=');
            if (equals < 0) {
                continue;
            }
            if (!parameter.substring(0, equals).trim().equalsIgnoreCase("q")) {
                continue;
            }
            weight = qvalue(parameter.substring(equals + 1).trim());
            if (weight < 0) {
                return -1;
            }
        }
        return weight;
    }

    private static int qvalue(String text) {
        int n = text.length();
        if (n == 0 || n > 5 || (text.charAt(0) != '0' && text.charAt(0) != '1')) {
            return -1;
        }
        int whole = text.charAt(0) - '0';
        if (n == 1) {
            return whole * 1000;
        }
        if (text.charAt(1) != '.') {
            return -1;
        }
        int fraction = 0;
        int scale = 100;
        for (int i = 2; i < n; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            fraction += (c - '0') * scale;
            scale /= 10;
        }
        if (whole == 1 && fraction != 0) {
            return -1;
        }
        return whole * 1000 + fraction;
    }
}

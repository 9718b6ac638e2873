package org.kamaelia.http.codec.request;

import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Optional;
import org.kamaelia.http.message.BadRequest;
import org.kamaelia.http.message.PercentDecoding;
import org.kamaelia.http.message.RequestTarget;

/**
 * Reads a request-target (RFC 9112 section 3.2) in its four forms, and checks a Host value; the path comes out
 * percent-decoded and without dot segments, so routing and file serving see one spelling of it.
 */
final class RequestTargetParser {
    private RequestTargetParser() {}

    /**
     * Reads {@code raw}, the target of a {@code method} request: asterisk-form only with OPTIONS, authority-form only
     * (and always) with CONNECT, otherwise origin-form or absolute-form for http and https (section 3.2).
     *
     * @return a {@link RequestTarget}, or a {@link BadRequest} (400)
     */
    static Object parse(String method, String raw) {
        if (raw.equals("*")) {
            if (!method.equals("OPTIONS")) {
                return new BadRequest(400, "asterisk-form is only for OPTIONS");
            }
            return new RequestTarget(raw, RequestTarget.Form.ASTERISK, "", "*", "*", Optional.empty());
        }
        if (method.equals("CONNECT")) {
            if (raw.startsWith("/") || raw.contains("/") || !isValidHost(raw) || raw.isEmpty()) {
                return new BadRequest(400, "CONNECT needs an authority-form target");
            }
            return new RequestTarget(raw, RequestTarget.Form.AUTHORITY, raw, "", "", Optional.empty());
        }
        if (raw.indexOf('#') >= 0) {
            return new BadRequest(400, "fragment in request target");
        }
        if (raw.startsWith("/")) {
            return originForm(raw, RequestTarget.Form.ORIGIN, "", raw);
        }
        int schemeEnd = raw.indexOf("://");
        if (schemeEnd > 0) {
            String scheme = raw.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return new BadRequest(400, "unsupported scheme in request target");
            }
            int authorityStart = schemeEnd + 3;
            int authorityEnd = authorityStart;
            while (authorityEnd < raw.length() && raw.charAt(authorityEnd) != '/' && raw.charAt(authorityEnd) != '?') {
                authorityEnd++;
            }
            String authority = raw.substring(authorityStart, authorityEnd);
            if (authority.isEmpty() || authority.indexOf('@') >= 0 || !isValidHost(authority)) {
                return new BadRequest(400, "invalid authority in request target");
            }
            String rest = raw.substring(authorityEnd);
            if (rest.isEmpty() || rest.startsWith("?")) {
                rest = "/" + rest;
            }
            return originForm(raw, RequestTarget.Form.ABSOLUTE, authority, rest);
        }
        return new BadRequest(400, "invalid request target");
    }

    private static Object originForm(String raw, RequestTarget.Form form, String authority, String pathAndQuery) {
        int question = pathAndQuery.indexOf('?');
        String rawPath = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        Optional<String> rawQuery = question < 0 ? Optional.empty() : Optional.of(pathAndQuery.substring(question + 1));
        // Refused rather than decoded: a %2F that became a separator would let a path past a prefix rule that the
        // raw path fails, and %00 ends strings in some file APIs.
        if (rawPath.indexOf('%') >= 0) {
            String lower = rawPath.toLowerCase(Locale.ROOT);
            if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00")) {
                return new BadRequest(400, "encoded slash, backslash or NUL in path");
            }
        }
        String decoded = PercentDecoding.decode(rawPath);
        if (decoded == null) {
            return new BadRequest(400, "invalid percent-encoding in path");
        }
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                return new BadRequest(400, "control character in path");
            }
        }
        String normalised = removeDotSegments(decoded);
        if (normalised == null) {
            return new BadRequest(400, "path escapes the root");
        }
        return new RequestTarget(raw, form, authority, rawPath, normalised, rawQuery);
    }

    /**
     * Removes {@code .} and {@code ..} segments (RFC 3986 section 5.2.4); returns {@code null} when a
     * {@code ..} would climb above the root.
     */
    static String removeDotSegments(String path) {
        if (!hasDotSegment(path)) {
            return path;
        }
        String[] segments = path.substring(1).split("/", -1);
        ArrayDeque<String> kept = new ArrayDeque<>();
        boolean trailingSlash = false;
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.equals(".")) {
                trailingSlash = last;
            } else if (segment.equals("..")) {
                if (kept.isEmpty()) {
                    return null;
                }
                kept.removeLast();
                trailingSlash = last;
            } else {
                kept.addLast(segment);
                trailingSlash = false;
            }
        }
        StringBuilder out = new StringBuilder(path.length());
        for (String segment : kept) {
            out.append('/').append(segment);
        }
        if (trailingSlash || out.length() == 0) {
            out.append('/');
        }
        return out.toString();
    }

    // Most dots in paths are in names ("app.js"), not segments of their own, and such a path comes out of the
    // removal as it went in: found without splitting, it is returned as it is.
    private static boolean hasDotSegment(String path) {
        if (path.isEmpty() || path.charAt(0) != '/') {
            return true; // not a path the decoder makes; left to the general case
        }
        for (int dot = path.indexOf('.'); dot >= 0; dot = path.indexOf('.', dot + 1)) {
            if (path.charAt(dot - 1) != '/') {
                continue;
            }
            int end = dot + 1;
            if (end < path.length() && path.charAt(end) == '.') {
                end++;
            }
            if (end == path.length() || path.charAt(end) == '/') {
                return true;
            }
        }
        return false;
    }

    // ',' is a legal sub-delimiter, but a Host of "a, b" is two hosts folded into one field: refusing it
    // avoids host confusion between this server and anything in front of it.
    private static final boolean[] HOST_CHARS = hostChars("-._~!$&'()*+;=:[]%");

    private static boolean[] hostChars(String punctuation) {
        boolean[] ok = new boolean[128];
        for (char c = '0'; c <= '9'; c++) {
            ok[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            ok[c] = true;
            ok[c - 'a' + 'A'] = true;
        }
        for (int i = 0; i < punctuation.length(); i++) {
            ok[punctuation.charAt(i)] = true;
        }
        return ok;
    }

    /** Whether {@code host} is a syntactically valid {@code host[:port]} (RFC 3986 section 3.2.2). */
    static boolean isValidHost(String host) {
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c >= 128 || !HOST_CHARS[c]) {
                return false;
            }
        }
        int colon = host.lastIndexOf(':');
        if (colon >= 0 && host.indexOf(']') < colon) {
            for (int i = colon + 1; i < host.length(); i++) {
                if (host.charAt(i) < '0' || host.charAt(i) > '9') {
                    return false;
                }
            }
        }
        return true;
    }
}

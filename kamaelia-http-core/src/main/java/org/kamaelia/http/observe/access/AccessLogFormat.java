package org.kamaelia.http.observe.access;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.kamaelia.http.message.RequestTarget;

/**
 * How an access-log line is written: the Common or Combined Log Format, JSON, or a pattern of the codes that
 * Apache httpd and Tomcat's access log valve use.
 *
 * <pre>{@code
 * AccessLogFormat.common()     127.0.0.1 - - [03/Dec/2026:05:54:16 +0000] "GET /hello HTTP/1.1" 200 144
 * AccessLogFormat.combined()   ... 200 144 "-" "curl/8.5.0"
 * AccessLogFormat.json()       {"time":"2026-12-03T05:54:16.123Z","client":"127.0.0.1","method":"GET",...}
 * AccessLogFormat.pattern("%a %m %U%q %s %D")
 * }</pre>
 *
 * <table>
 *   <caption>Pattern codes</caption>
 *   <tr><th>code</th><th>writes</th></tr>
 *   <tr><td>{@code %a}, {@code %h}</td><td>client IP address (no name lookups)</td></tr>
 *   <tr><td>{@code %l}, {@code %u}</td><td>{@code -} (remote logname and user: never known here)</td></tr>
 *   <tr><td>{@code %t}</td><td>time the request arrived, {@code [03/Dec/2026:05:54:16 +0000]}, in the JVM's zone</td></tr>
 *   <tr><td>{@code %r}</td><td>request line {@code GET /x?y=1 HTTP/1.1}, {@code -} when there was none</td></tr>
 *   <tr><td>{@code %m}, {@code %U}, {@code %q}, {@code %H}</td><td>method; path as sent; {@code ?query} or
 *       nothing; protocol version</td></tr>
 *   <tr><td>{@code %s}</td><td>status</td></tr>
 *   <tr><td>{@code %b}, {@code %B}</td><td>bytes sent for the response, head included; {@code %b} writes
 *       {@code -} for none, {@code %B} writes 0</td></tr>
 *   <tr><td>{@code %D}, {@code %T}, {@code %{ms}T}</td><td>duration in microseconds; in seconds with three
 *       decimals; in whole milliseconds</td></tr>
 *   <tr><td>{@code %{Name}i}</td><td>request header field {@code Name} (first value)</td></tr>
 *   <tr><td>{@code %{framing}x}, {@code %{trace-id}x}, {@code %{route}x}, {@code %{connection}x},
 *       {@code %{bytes-received}x}, {@code %{completed}x}</td><td>response framing ({@code content-length},
 *       {@code chunked}, {@code close}); trace id; route prefix; connection id; request body bytes; whether the
 *       response was sent whole</td></tr>
 *   <tr><td>{@code %%}</td><td>{@code %}</td></tr>
 * </table>
 *
 * <p>A field that is not known (no such header, no trace id, no request line) is written {@code -}. Text from the
 * client is escaped as Apache httpd does it: {@code "} and {@code \} get a backslash, {@code \n}, {@code \r} and
 * {@code \t} are written so, other control and non-ASCII characters as {@code \xhh}; a line is always one line.
 *
 * <p>Immutable and thread-safe.
 */
public final class AccessLogFormat {
    private static final String COMMON = "%h %l %u %t \"%r\" %s %b";
    private static final String COMBINED = COMMON + " \"%{Referer}i\" \"%{User-Agent}i\"";
    // The two usual formats each write a line in one call: a line of separate elements makes a call per element
    // through an interface with a dozen implementations, which no JIT inlines (a tenth of the writer's time).
    private static final AccessLogFormat COMMON_FORMAT =
            new AccessLogFormat(COMMON, List.of(), new Element[] {AccessLogFormat::appendCommon});
    private static final AccessLogFormat COMBINED_FORMAT = new AccessLogFormat(
            COMBINED, List.of("Referer", "User-Agent"), new Element[] {AccessLogFormat::appendCombined});
    private static final AccessLogFormat JSON_FORMAT =
            new AccessLogFormat("json", List.of("Referer", "User-Agent"), new Element[] {AccessLogFormat::appendJson});

    private final String description;
    private final List<String> headerNames;
    private final Element[] elements;

    private AccessLogFormat(String description, List<String> headerNames, Element[] elements) {
        this.description = description;
        this.headerNames = headerNames;
        this.elements = elements;
    }

    /** The Common Log Format: {@code %h %l %u %t "%r" %s %b}. */
    public static AccessLogFormat common() {
        return COMMON_FORMAT;
    }

    /** The Combined Log Format: {@code %h %l %u %t "%r" %s %b "%{Referer}i" "%{User-Agent}i"}. */
    public static AccessLogFormat combined() {
        return COMBINED_FORMAT;
    }

    /**
     * One JSON object per line, its fields always in this order: {@code time} (ISO-8601, UTC, milliseconds),
     * {@code client}, {@code method}, {@code target}, {@code version}, {@code status}, {@code bytes} (sent, head
     * included), {@code bytes_received}, {@code duration_us}, {@code referer}, {@code user_agent}, {@code framing},
     * {@code route}, {@code connection}, {@code completed}, {@code trace_id}. Unknown fields are {@code null};
     * strings are escaped so that the line is ASCII.
     */
    public static AccessLogFormat json() {
        return JSON_FORMAT;
    }

    /**
     * Lines in {@code pattern}, of the codes in the class comment and literal text.
     *
     * @throws IllegalArgumentException naming the position of an unknown or unfinished code
     */
    public static AccessLogFormat pattern(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        if (pattern.equals(COMMON)) {
            return COMMON_FORMAT;
        }
        if (pattern.equals(COMBINED)) {
            return COMBINED_FORMAT;
        }
        return parsed(pattern);
    }

    /** {@code pattern} read into one element per code, even when it is a format with a line of its own. */
    static AccessLogFormat parsed(String pattern) {
        return new PatternParser(pattern).parse();
    }

    /**
     * {@code common}, {@code combined} or {@code json} (in any case), else a {@link #pattern(String) pattern}: what
     * a configuration property names.
     *
     * @throws IllegalArgumentException if it is none of those names and not a valid pattern
     */
    public static AccessLogFormat named(String nameOrPattern) {
        switch (nameOrPattern.strip().toLowerCase(Locale.ROOT)) {
            case "common":
                return common();
            case "combined":
                return combined();
            case "json":
                return json();
            default:
                return pattern(nameOrPattern);
        }
    }

    /** The line for {@code entry}. */
    public String format(AccessLogEntry entry) {
        StringBuilder line = new StringBuilder(160);
        formatTo(entry, line, new WriterTexts(ZoneId.systemDefault()));
        return line.toString();
    }

    /** Appends the line for {@code entry}; {@code texts} are the calling thread's cached time and address texts. */
    void formatTo(AccessLogEntry entry, StringBuilder line, WriterTexts texts) {
        for (Element element : elements) {
            element.append(entry, line, texts);
        }
    }

    /** The request header fields this format writes, which are all an entry keeps. */
    List<String> headerNames() {
        return headerNames;
    }

    @Override
    public String toString() {
        return description;
    }

    /** One piece of a line. */
    @FunctionalInterface
    private interface Element {
        void append(AccessLogEntry entry, StringBuilder line, WriterTexts texts);
    }

    /** Reads a pattern into elements, in one pass. */
    private static final class PatternParser {
        private final String pattern;
        private final List<Element> elements = new ArrayList<>();
        private final List<String> headers = new ArrayList<>();
        private final StringBuilder literal = new StringBuilder();

        PatternParser(String pattern) {
            this.pattern = pattern;
        }

        AccessLogFormat parse() {
            int i = 0;
            while (i < pattern.length()) {
                char c = pattern.charAt(i);
                if (c != '%') {
                    literal.append(c);
                    i++;
                    continue;
                }
                int at = i;
                i++;
                String argument = null;
                if (i < pattern.length() && pattern.charAt(i) == '{') {
                    int close = pattern.indexOf('}', i);
                    if (close < 0) {
                        throw invalid(at, "an unclosed '{'");
                    }
                    argument = pattern.substring(i + 1, close);
                    i = close + 1;
                }
                if (i >= pattern.length()) {
                    throw invalid(at, "a '%' without a code");
                }
                char code = pattern.charAt(i);
                i++;
                if (code == '%' && argument == null) {
                    literal.append('%');
                    continue;
                }
                Element element = argument == null ? simple(code, at) : withArgument(code, argument, at);
                flushLiteral();
                elements.add(element);
            }
            flushLiteral();
            return new AccessLogFormat(pattern, List.copyOf(headers), elements.toArray(new Element[0]));
        }

        private void flushLiteral() {
            if (literal.length() > 0) {
                String text = literal.toString();
                literal.setLength(0);
                elements.add((entry, line, texts) -> line.append(text));
            }
        }

        private Element simple(char code, int at) {
            switch (code) {
                case 'a':
                case 'h':
                    return (entry, line, texts) -> line.append(texts.client(entry.connectionId(), entry.client()));
                case 'l':
                case 'u':
                    return (entry, line, texts) -> line.append('-');
                case 't':
                    return (entry, line, texts) -> line.append(texts.clf(entry.startMillis()));
                case 'r':
                    return (entry, line, texts) -> appendRequestLine(entry, line);
                case 'm':
                    return (entry, line, texts) -> appendText(line, entry.methodOrNull());
                case 'U':
                    return (entry, line, texts) -> {
                        RequestTarget target = entry.targetOrNull();
                        appendText(line, target == null ? null : target.rawPath());
                    };
                case 'q':
                    return (entry, line, texts) -> {
                        RequestTarget target = entry.targetOrNull();
                        if (target != null && target.rawQuery().isPresent()) {
                            line.append('?');
                            appendEscaped(line, target.rawQuery().get());
                        }
                    };
                case 'H':
                    return (entry, line, texts) -> {
                        appendText(
                                line,
                                entry.versionOrNull() == null
                                        ? null
                                        : entry.versionOrNull().text());
                    };
                case 's':
                    return (entry, line, texts) -> line.append(entry.status());
                case 'b':
                    return (entry, line, texts) -> {
                        if (entry.bytesSent() == 0) {
                            line.append('-');
                        } else {
                            line.append(entry.bytesSent());
                        }
                    };
                case 'B':
                    return (entry, line, texts) -> line.append(entry.bytesSent());
                case 'D':
                    return (entry, line, texts) -> line.append(entry.durationNanos() / 1_000);
                case 'T':
                    return (entry, line, texts) -> appendSeconds(line, entry.durationNanos());
                default:
                    throw invalid(at, "unknown code '%" + code + "'");
            }
        }

        private Element withArgument(char code, String argument, int at) {
            if (code == 'i') {
                if (argument.isEmpty()) {
                    throw invalid(at, "'%{}i' without a header name");
                }
                int index = headerIndex(argument);
                return (entry, line, texts) -> appendText(line, entry.headerAt(index));
            }
            if (code == 'T' && argument.equals("ms")) {
                return (entry, line, texts) -> line.append(entry.durationNanos() / 1_000_000);
            }
            if (code == 'x') {
                switch (argument) {
                    case "framing":
                        return (entry, line, texts) -> {
                            appendText(
                                    line,
                                    entry.framingOrNull() == null
                                            ? null
                                            : entry.framingOrNull().tag());
                        };
                    case "trace-id":
                        return (entry, line, texts) -> appendText(line, entry.traceIdOrNull());
                    case "route":
                        return (entry, line, texts) -> appendText(line, entry.route());
                    case "connection":
                        return (entry, line, texts) -> line.append(entry.connectionId());
                    case "bytes-received":
                        return (entry, line, texts) -> line.append(entry.bytesReceived());
                    case "completed":
                        return (entry, line, texts) -> line.append(entry.completed());
                    default:
                        throw invalid(at, "unknown field '%{" + argument + "}x'");
                }
            }
            throw invalid(at, "unknown code '%{" + argument + "}" + code + "'");
        }

        private int headerIndex(String name) {
            for (int i = 0; i < headers.size(); i++) {
                if (headers.get(i).equalsIgnoreCase(name)) {
                    return i;
                }
            }
            headers.add(name);
            return headers.size() - 1;
        }

        private IllegalArgumentException invalid(int at, String what) {
            return new IllegalArgumentException(
                    "access log pattern \"" + pattern + "\" has " + what + " at position " + at);
        }
    }

    // ----- the pieces ---------------------------------------------------------------------------------------

    private static void appendRequestLine(AccessLogEntry entry, StringBuilder line) {
        RequestTarget target = entry.targetOrNull();
        if (target == null || entry.methodOrNull() == null || entry.versionOrNull() == null) {
            line.append('-');
            return;
        }
        appendEscaped(line, entry.methodOrNull());
        line.append(' ');
        appendEscaped(line, target.raw());
        line.append(' ').append(entry.versionOrNull().text());
    }

    /** {@code %h %l %u %t "%r" %s %b}. */
    private static void appendCommon(AccessLogEntry entry, StringBuilder line, WriterTexts texts) {
        line.append(texts.client(entry.connectionId(), entry.client())).append(" - - ");
        line.append(texts.clf(entry.startMillis())).append(" \"");
        appendRequestLine(entry, line);
        line.append("\" ").append(entry.status()).append(' ');
        long bytes = entry.bytesSent();
        if (bytes == 0) {
            line.append('-');
        } else {
            line.append(bytes);
        }
    }

    /** The Common format and {@code "%{Referer}i" "%{User-Agent}i"}, whose values are the entry's first two. */
    private static void appendCombined(AccessLogEntry entry, StringBuilder line, WriterTexts texts) {
        appendCommon(entry, line, texts);
        line.append(" \"");
        appendText(line, entry.headerAt(0));
        line.append("\" \"");
        appendText(line, entry.headerAt(1));
        line.append('"');
    }

    private static void appendSeconds(StringBuilder line, long nanos) {
        long millis = nanos / 1_000_000;
        line.append(millis / 1000).append('.');
        long fraction = millis % 1000;
        if (fraction < 100) {
            line.append('0');
        }
        if (fraction < 10) {
            line.append('0');
        }
        line.append(fraction);
    }

    /** {@code value} escaped, or {@code -} when it is absent or empty (so that every field has a word). */
    static void appendText(StringBuilder line, String value) {
        if (value == null || value.isEmpty()) {
            line.append('-');
        } else {
            appendEscaped(line, value);
        }
    }

    /** Apache httpd's escaping of logged request text: the line stays one line and its quotes stay balanced. */
    static void appendEscaped(StringBuilder line, String value) {
        int clean = cleanPrefix(value);
        if (clean == value.length()) {
            line.append(value); // the usual case: one copy instead of a check per character
            return;
        }
        line.append(value, 0, clean);
        for (int i = clean; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                line.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                line.append(c);
            } else if (c == '\n') {
                line.append("\\n");
            } else if (c == '\r') {
                line.append("\\r");
            } else if (c == '\t') {
                line.append("\\t");
            } else if (c <= 0xff) {
                line.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            } else {
                line.append("\\u")
                        .append(HEX[c >> 12])
                        .append(HEX[(c >> 8) & 0xf])
                        .append(HEX[(c >> 4) & 0xf])
                        .append(HEX[c & 0xf]);
            }
        }
    }

    /** How many of the first characters of {@code value} are printable ASCII other than {@code "} and {@code \\}. */
    private static int cleanPrefix(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                return i;
            }
        }
        return value.length();
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static void appendJson(AccessLogEntry entry, StringBuilder line, WriterTexts texts) {
        line.append("{\"time\":\"");
        texts.appendIso(line, entry.startMillis());
        line.append('"');
        line.append(",\"client\":\"");
        line.append(texts.client(entry.connectionId(), entry.client()));
        line.append('"');
        jsonField(line, "method", entry.methodOrNull());
        RequestTarget target = entry.targetOrNull();
        jsonField(line, "target", target == null ? null : target.raw());
        jsonField(
                line,
                "version",
                entry.versionOrNull() == null ? null : entry.versionOrNull().text());
        line.append(",\"status\":").append(entry.status());
        line.append(",\"bytes\":").append(entry.bytesSent());
        line.append(",\"bytes_received\":").append(entry.bytesReceived());
        line.append(",\"duration_us\":").append(entry.durationNanos() / 1_000);
        jsonField(line, "referer", entry.headerAt(0));
        jsonField(line, "user_agent", entry.headerAt(1));
        jsonField(
                line,
                "framing",
                entry.framingOrNull() == null ? null : entry.framingOrNull().tag());
        jsonField(line, "route", entry.route());
        line.append(",\"connection\":").append(entry.connectionId());
        line.append(",\"completed\":").append(entry.completed());
        jsonField(line, "trace_id", entry.traceIdOrNull());
        line.append('}');
    }

    private static void jsonField(StringBuilder line, String name, String value) {
        line.append(",\"").append(name).append("\":");
        if (value == null) {
            line.append("null");
            return;
        }
        line.append('"');
        int clean = cleanPrefix(value);
        line.append(value, 0, clean);
        for (int i = clean; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                line.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                line.append(c);
            } else if (c == '\n') {
                line.append("\\n");
            } else if (c == '\r') {
                line.append("\\r");
            } else if (c == '\t') {
                line.append("\\t");
            } else {
                line.append("\\u")
                        .append(HEX[c >> 12])
                        .append(HEX[(c >> 8) & 0xf])
                        .append(HEX[(c >> 4) & 0xf])
                        .append(HEX[c & 0xf]);
            }
        }
        line.append('"');
    }

    /**
     * The texts one writer thread keeps so as not to make them again for every line: the formatted second (a date
     * is most of what formatting a line costs) and the text of recent client addresses (a keep-alive connection's
     * lines share one). Not thread-safe: one per thread.
     */
    static final class WriterTexts {
        private static final DateTimeFormatter CLF =
                DateTimeFormatter.ofPattern("'['dd/MMM/yyyy:HH:mm:ss Z']'", Locale.ROOT);
        private static final DateTimeFormatter ISO_SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

        private static final int ADDRESS_SLOTS = 64;

        private final ZoneId zone;
        private final InetSocketAddress[] addresses = new InetSocketAddress[ADDRESS_SLOTS];
        private final String[] addressTexts = new String[ADDRESS_SLOTS];
        private long clfSecond = Long.MIN_VALUE;
        private String clf;
        private long isoSecond = Long.MIN_VALUE;
        private String isoPrefix;

        WriterTexts(ZoneId zone) {
            this.zone = zone;
        }

        /**
         * The client's IP address as text (no name lookup), or its host string when it was never resolved, for a
         * line of connection {@code connectionId}.
         */
        String client(long connectionId, InetSocketAddress client) {
            // Slots by connection and hits by identity: the lines of one keep-alive connection share one address
            // object, and comparing references reads nothing the line does not read anyway (the writer's cost is
            // mostly cache misses on the objects each end report points to).
            int slot = (int) connectionId & (ADDRESS_SLOTS - 1);
            if (addresses[slot] != client) {
                InetAddress address = client.getAddress();
                addresses[slot] = client;
                addressTexts[slot] = address == null ? client.getHostString() : address.getHostAddress();
            }
            return addressTexts[slot];
        }

        String clf(long epochMillis) {
            long second = Math.floorDiv(epochMillis, 1000);
            if (second != clfSecond) {
                clf = CLF.format(Instant.ofEpochSecond(second).atZone(zone));
                clfSecond = second;
            }
            return clf;
        }

        void appendIso(StringBuilder line, long epochMillis) {
            long second = Math.floorDiv(epochMillis, 1000);
            if (second != isoSecond) {
                isoPrefix = ISO_SECONDS.format(LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC));
                isoSecond = second;
            }
            int millis = (int) Math.floorMod(epochMillis, 1000);
            line.append(isoPrefix).append('.');
            if (millis < 100) {
                line.append('0');
            }
            if (millis < 10) {
                line.append('0');
            }
            line.append(millis).append('Z');
        }
    }
}

package org.kamaelia.http.observe.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kamaelia.http.message.Framing;
import org.kamaelia.http.message.HttpVersion;
import org.kamaelia.http.message.RequestTarget;
import org.kamaelia.http.net.ConnectionInfo;
import org.kamaelia.http.observe.RequestLog;

/**
 * The formats on entries made by hand: what no valid request can carry (control characters in a target, text
 * beyond Latin-1) and the exact text of each code.
 */
class AccessLogFormatTest {
    private static final long TIME = Instant.parse("2026-12-03T05:54:16.007Z").toEpochMilli();

    private static AccessLogEntry entry(AccessLogFormat format, String rawTarget, String... headerValues) {
        ConnectionInfo connection = new ConnectionInfo(
                7,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 50_000),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080),
                Instant.EPOCH);
        RequestLog log = new RequestLog(connection, "GET", "/x", 200, Framing.CHUNKED, 3, 120, 2_345_678, true);
        RequestTarget target =
                new RequestTarget(rawTarget, RequestTarget.Form.ORIGIN, "", rawTarget, rawTarget, Optional.empty());
        return AccessLogEntry.of(
                log, TIME, true, target, HttpVersion.HTTP_1_1, format.headerNames(), headerValues, "trace-1");
    }

    private static String format(AccessLogFormat format, AccessLogEntry entry) {
        StringBuilder line = new StringBuilder();
        format.formatTo(entry, line, new AccessLogFormat.WriterTexts(ZoneOffset.UTC));
        return line.toString();
    }

    @Test
    void theCachedClientTextIsTheAddressOfThisLineEvenWhenTwoConnectionsShareASlot() throws Exception {
        AccessLogFormat.WriterTexts texts = new AccessLogFormat.WriterTexts(ZoneOffset.UTC);
        // connections 1 and 65 share one of the 64 slots
        InetSocketAddress a = new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, 0, 1}), 1);
        InetSocketAddress b = new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, 0, 65}), 2);
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), 3);
        for (int i = 0; i < 3; i++) {
            assertThat(texts.client(1, a)).isEqualTo("10.0.0.1");
            assertThat(texts.client(65, b)).isEqualTo("10.0.0.65");
            assertThat(texts.client(1, v6)).isEqualTo("0:0:0:0:0:0:0:1");
        }
        assertThat(texts.client(65, InetSocketAddress.createUnresolved("proxy.example", 80)))
                .isEqualTo("proxy.example");
    }

    @Test
    void escapesControlCharactersAndTextBeyondLatin1SoThatALineStaysOneLine() {
        AccessLogFormat format = AccessLogFormat.pattern("\"%r\" \"%{User-Agent}i\"");
        String line = format(format, entry(format, "/a\nb\u0001\"c\\", "x\r\ny\u20ac\u007f"));
        assertThat(line).isEqualTo("\"GET /a\\nb\\x01\\\"c\\\\ HTTP/1.1\" \"x\\r\\ny\\u20ac\\x7f\"");
    }

    @Test
    void writesEachCodeAsDocumented() {
        AccessLogFormat format = AccessLogFormat.pattern(
                "%a %h %l %u %t %m %U %q %H %s %b %B %D %T %{ms}T %{framing}x %{trace-id}x %{route}x %{connection}x"
                        + " %{bytes-received}x %{completed}x %{Referer}i 100%%");
        String line = format(format, entry(format, "/p", new String[] {null}));
        assertThat(line)
                .isEqualTo("127.0.0.1 127.0.0.1 - - [03/Dec/2026:05:54:16 +0000] GET /p  HTTP/1.1 200 120 120 2345"
                        + " 0.002 2 chunked trace-1 /x 7 3 true - 100%");
    }

    @Test
    void writesJsonEscapesAsUnicodeAndAbsentFieldsAsNull() {
        AccessLogFormat format = AccessLogFormat.json();
        String line = format(format, entry(format, "/q\"\u0001", null, "ua\u00e9"));
        assertThat(line)
                .startsWith("{\"time\":\"2026-12-03T05:54:16.007Z\",\"client\":\"127.0.0.1\",\"method\":\"GET\","
                        + "\"target\":\"/q\\\"\\u0001\",\"version\":\"HTTP/1.1\",\"status\":200,\"bytes\":120,")
                .contains("\"referer\":null,\"user_agent\":\"ua\\u00e9\",\"framing\":\"chunked\"")
                .endsWith("\"trace_id\":\"trace-1\"}");
    }

    @Test
    void keepsOnlyTheHeaderFieldsTheFormatWrites() {
        assertThat(AccessLogFormat.common().headerNames()).isEmpty();
        assertThat(AccessLogFormat.combined().headerNames()).containsExactly("Referer", "User-Agent");
        assertThat(AccessLogFormat.pattern("%{X-A}i %{x-a}i %{B}i").headerNames())
                .isEqualTo(List.of("X-A", "B"));
    }

    @Test
    void refusesUnfinishedCodes() {
        assertThatThrownBy(() -> AccessLogFormat.pattern("%h %"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("position 3");
        assertThatThrownBy(() -> AccessLogFormat.pattern("%{User-Agent"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unclosed");
        assertThatThrownBy(() -> AccessLogFormat.pattern("%{}i")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void commonAndCombinedWriteWhatTheirPatternsWriteCodeByCode() {
        String common = "%h %l %u %t \"%r\" %s %b";
        String combined = common + " \"%{Referer}i\" \"%{User-Agent}i\"";
        AccessLogFormat format = AccessLogFormat.combined();
        RequestLog empty = new RequestLog(
                new ConnectionInfo(
                        9,
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 50_000),
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080),
                        Instant.EPOCH),
                "-",
                "none",
                400,
                Framing.CONTENT_LENGTH,
                0,
                0,
                1_000,
                true);
        List<AccessLogEntry> entries = List.of(
                entry(format, "/a?b=\"c\"", "http://r.example/", "curl/8"),
                entry(format, "/x\ty", null, "ua\u00e9"),
                entry(format, "/", "", null),
                AccessLogEntry.of(empty, TIME, false, null, null, format.headerNames(), new String[2], null));
        for (AccessLogEntry entry : entries) {
            assertThat(format(AccessLogFormat.combined(), entry))
                    .isEqualTo(format(AccessLogFormat.parsed(combined), entry));
            assertThat(format(AccessLogFormat.common(), entry))
                    .isEqualTo(format(AccessLogFormat.parsed(common), entry));
        }
        assertThat(format(AccessLogFormat.common(), entries.get(3))).endsWith(" \"-\" 400 -");
        assertThat(AccessLogFormat.pattern(combined)).isSameAs(AccessLogFormat.combined());
        assertThat(AccessLogFormat.combined()).hasToString(combined);
    }
}

package org.kamaelia.http.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.kamaelia.http.message.HttpHeaders;
import org.kamaelia.http.proxy.ForwardedFields.Hop;

/** The forwarding field grammar (RFC 7239 and the X-Forwarded-* fields) and the walk past trusted hops. */
class ForwardedFieldsTest {
    private static final TrustedProxies PRIVATE = TrustedProxies.defaults();

    private static InetSocketAddress at(String address, int port) {
        return new InetSocketAddress(AddressLiterals.address(AddressLiterals.either(address)), port);
    }

    private static List<String> hopsOf(String... fieldLines) {
        Optional<List<Hop>> hops = ForwardedFields.parseForwarded(List.of(fieldLines));
        assertThat(hops).as("parses %s", List.of(fieldLines)).isPresent();
        List<String> described = new ArrayList<>();
        for (Hop hop : hops.get()) {
            described.add(hop.node().socketAddress() + " proto=" + hop.proto() + " host=" + hop.host());
        }
        return described;
    }

    /** A Forwarded field line and the hops it describes, rendered as "address proto=.. host=..". */
    static Stream<Arguments> wellFormedForwarded() {
        return Stream.of(
                Arguments.of("for=192.0.2.43", List.of("/192.0.2.43:0 proto=null host=null")),
                Arguments.of(
                        "For=\"[2001:db8:cafe::17]:4711\"",
                        List.of("/[2001:db8:cafe:0:0:0:0:17]:4711 proto=null host=null")),
                Arguments.of(
                        "for=192.0.2.60;proto=http;by=203.0.113.43", List.of("/192.0.2.60:0 proto=http host=null")),
                Arguments.of(
                        "for=192.0.2.43, for=198.51.100.17",
                        List.of("/192.0.2.43:0 proto=null host=null", "/198.51.100.17:0 proto=null host=null")),
                Arguments.of("for=unknown", List.of("unknown/<unresolved>:0 proto=null host=null")),
                Arguments.of("for=UNKNOWN", List.of("unknown/<unresolved>:0 proto=null host=null")),
                Arguments.of(
                        "for=_hidden, for=_SEVKISEK",
                        List.of(
                                "_hidden/<unresolved>:0 proto=null host=null",
                                "_SEVKISEK/<unresolved>:0 proto=null host=null")),
                Arguments.of("for=\"_gazonk\"", List.of("_gazonk/<unresolved>:0 proto=null host=null")),
                Arguments.of("for=\"192.0.2.43:_port-1\"", List.of("/192.0.2.43:0 proto=null host=null")),
                Arguments.of("for=\"192.0.2.43:8080\"", List.of("/192.0.2.43:8080 proto=null host=null")),
                Arguments.of(
                        "for=192.0.2.43;host=example.com;proto=https",
                        List.of("/192.0.2.43:0 proto=https host=example.com")),
                Arguments.of(
                        "for=192.0.2.1;host=\"example.com:8443\"",
                        List.of("/192.0.2.1:0 proto=null host=example.com:8443")),
                Arguments.of(
                        "for=192.0.2.1;host=\"[2001:db8::1]:8443\"",
                        List.of("/192.0.2.1:0 proto=null host=[2001:db8::1]:8443")),
                Arguments.of(", for=192.0.2.1 ,, ", List.of("/192.0.2.1:0 proto=null host=null")),
                Arguments.of("proto=https", List.of("unknown/<unresolved>:0 proto=https host=null")),
                Arguments.of(
                        "for=192.0.2.1 ; proto=https , for=10.0.0.1",
                        List.of("/192.0.2.1:0 proto=https host=null", "/10.0.0.1:0 proto=null host=null")),
                Arguments.of(";;for=192.0.2.1;;", List.of("/192.0.2.1:0 proto=null host=null")),
                Arguments.of("for=\"192.0.2.\\43\"", List.of("/192.0.2.43:0 proto=null host=null")),
                Arguments.of("FOR=192.0.2.1;PROTO=HTTPS", List.of("/192.0.2.1:0 proto=HTTPS host=null")),
                Arguments.of("for=192.0.2.1;secret=\"a;b,c\";x=y", List.of("/192.0.2.1:0 proto=null host=null")),
                Arguments.of("for=\"[::ffff:192.0.2.1]\"", List.of("/192.0.2.1:0 proto=null host=null")),
                Arguments.of("for=192.0.2.1;by=_proxy;proto=ws", List.of("/192.0.2.1:0 proto=ws host=null")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellFormedForwarded")
    void readsWellFormedForwardedElements(String field, List<String> expected) {
        assertThat(hopsOf(field)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "for=[2001:db8::1]", // IPv6 must be quoted: '[' is not a token character
                "for=\"2001:db8::1\"", // and bracketed
                "for=\"[2001:db8::1\"",
                "for=\"[2001:db8::1]x\"",
                "for=\"[2001:db8::1]:\"",
                "for=\"[not:an:address]\"",
                "for=192.0.2.43;for=192.0.2.44",
                "for=192.0.2.1;For=192.0.2.2",
                "for=\"192.0.2.43",
                "for=\"192.0.2.43\\",
                "for=",
                "=192.0.2.1",
                "for = 192.0.2.1",
                "for =192.0.2.1",
                "for= 192.0.2.1",
                "for",
                "for=192.0.2.256",
                "for=\"192.0.2.1:65536\"",
                "for=\"192.0.2.1:\"",
                "for=\"192.0.2.1:http\"",
                "for=localhost",
                "for=_",
                "for=\"_hid den\"",
                "for=192.0.2.1;proto=1http",
                "for=192.0.2.1;proto=\"ht tp\"",
                "for=192.0.2.1;host=\"exa mple.com\"",
                "for=192.0.2.1;host=\"example.com:99999\"",
                "for=192.0.2.1;host=\"example.com:8a\"",
                "for=192.0.2.1;host=\"\"",
                "for=192.0.2.1;host=\"[::1\"",
                "for=192.0.2.1 garbage",
                "for=192.0.2.1;by=\"[::1\"",
                "for=\"192.0.2.1\u0001\"",
                "for=192.0.2.1,,for"
            })
    void refusesMalformedForwardedFields(String field) {
        assertThat(ForwardedFields.parseForwarded(List.of(field))).isEmpty();
    }

    @Test
    void joinsForwardedFieldLinesInOrder() {
        assertThat(hopsOf("for=192.0.2.1", "for=10.0.0.1;proto=https"))
                .containsExactly("/192.0.2.1:0 proto=null host=null", "/10.0.0.1:0 proto=https host=null");
    }

    /** Headers, and what read() must make of them with the private ranges trusted ("none" for nothing). */
    static Stream<Arguments> walks() {
        return Stream.of(
                Arguments.of(HttpHeaders.of("X-Forwarded-For", "203.0.113.9"), "/203.0.113.9:0 null null -"),
                Arguments.of(HttpHeaders.of("X-Forwarded-For", "203.0.113.9, 10.0.0.2"), "/203.0.113.9:0 null null -"),
                Arguments.of(
                        HttpHeaders.of("X-Forwarded-For", "198.51.100.1, 203.0.113.9, 10.0.0.2, 192.168.1.1"),
                        "/203.0.113.9:0 null null -"),
                Arguments.of(HttpHeaders.of("X-Forwarded-For", "10.0.0.5, 10.0.0.2"), "/10.0.0.5:0 null null -"),
                Arguments.of(
                        HttpHeaders.of("X-Forwarded-For", "unknown, 10.0.0.2"), "unknown/<unresolved>:0 null null -"),
                Arguments.of(
                        HttpHeaders.of("X-Forwarded-For", "198.51.100.1, unknown, 10.0.0.2"),
                        "unknown/<unresolved>:0 null null -"),
                Arguments.of(HttpHeaders.of("X-Forwarded-For", "203.0.113.9:4711"), "/203.0.113.9:4711 null null -"),
                Arguments.of(
                        HttpHeaders.of("X-Forwarded-For", "[2001:db8::1]:4711, 10.0.0.1"),
                        "/[2001:db8:0:0:0:0:0:1]:4711 null null -"),
                Arguments.of(HttpHeaders.of("X-Forwarded-For", "2001:db8::1"), "/[2001:db8:0:0:0:0:0:1]:0 null null -"),
                Arguments.of(
                        HttpHeaders.of("X-Forwarded-For", "203.0.113.9", "X-Forwarded-For", "10.0.0.2"),
                        "/203.0.113.9:0 null null -"),
                Arguments.of(HttpHeaders.of("X-Forwarded-For", "garbage, 10.0.0.1"), "none"),
                Arguments.of(HttpHeaders.of("X-Forwarded-For", "203.0.113.9:99999"), "none"),
                Arguments.of(
                        HttpHeaders.of("X-Forwarded-For", "garbage", "X-Forwarded-Proto", "https"),
                        "null https null -"),
                Arguments.of(
                        HttpHeaders.of(
                                "Forwarded",
                                "for=198.51.100.1, for=203.0.113.9;proto=https;host=shop.example,"
                                        + " for=10.0.0.2;proto=http"),
                        "/203.0.113.9:0 https shop.example -"),
                Arguments.of(
                        HttpHeaders.of("Forwarded", "for=10.0.0.7;proto=https, for=10.0.0.2"),
                        "/10.0.0.7:0 https null -"),
                Arguments.of(
                        HttpHeaders.of("Forwarded", "for=192.0.2.1;host=\"shop.example:8443\""),
                        "/192.0.2.1:0 null shop.example:8443 8443"),
                Arguments.of(
                        HttpHeaders.of(
                                "Forwarded", "for=192.0.2.1;proto=https",
                                "X-Forwarded-For", "198.51.100.7",
                                "X-Forwarded-Proto", "http"),
                        "/192.0.2.1:0 https null -"),
                Arguments.of(
                        HttpHeaders.of(
                                "Forwarded", "for=[2001:db8::1]",
                                "X-Forwarded-For", "198.51.100.7",
                                "X-Forwarded-Proto", "https"),
                        "/198.51.100.7:0 https null -"),
                Arguments.of(HttpHeaders.of("Forwarded", "for=192.0.2.1;proto=ftp"), "/192.0.2.1:0 null null -"),
                Arguments.of(
                        HttpHeaders.of("X-Forwarded-For", "203.0.113.9, 10.0.0.2", "X-Forwarded-Proto", "https"),
                        "/203.0.113.9:0 https null -"),
                Arguments.of(
                        HttpHeaders.of("X-Forwarded-For", "203.0.113.9, 10.0.0.2", "X-Forwarded-Proto", "https, http"),
                        "/203.0.113.9:0 https null -"),
                Arguments.of(
                        HttpHeaders.of(
                                "X-Forwarded-For", "198.51.100.1, 203.0.113.9, 10.0.0.2",
                                "X-Forwarded-Proto", "http, https, http"),
                        "/203.0.113.9:0 https null -"),
                Arguments.of(
                        HttpHeaders.of(
                                "X-Forwarded-For", "203.0.113.9, 10.0.0.2",
                                "X-Forwarded-Proto", "https, http, http"),
                        "/203.0.113.9:0 null null -"),
                Arguments.of(
                        HttpHeaders.of("X-Forwarded-For", "203.0.113.9", "X-Forwarded-Proto", "ftp"),
                        "/203.0.113.9:0 null null -"),
                Arguments.of(
                        HttpHeaders.of("X-Forwarded-For", "203.0.113.9", "X-Forwarded-Proto", "HTTPS"),
                        "/203.0.113.9:0 https null -"),
                Arguments.of(
                        HttpHeaders.of("X-Forwarded-For", "203.0.113.9", "X-Forwarded-Host", "shop.example:8443"),
                        "/203.0.113.9:0 null shop.example:8443 8443"),
                Arguments.of(HttpHeaders.of("X-Forwarded-Host", "shop example"), "none"),
                Arguments.of(
                        HttpHeaders.of("X-Forwarded-For", "203.0.113.9", "X-Forwarded-Port", "8443"),
                        "/203.0.113.9:0 null null 8443"),
                Arguments.of(
                        HttpHeaders.of("X-Forwarded-Host", "shop.example:8443", "X-Forwarded-Port", "9443"),
                        "null null shop.example:8443 9443"),
                Arguments.of(HttpHeaders.of("X-Forwarded-Port", "99999"), "none"),
                Arguments.of(HttpHeaders.of("X-Forwarded-Proto", "https"), "null https null -"),
                Arguments.of(HttpHeaders.of("Host", "example.com"), "none"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("walks")
    void choosesTheRightMostHopThatIsNotATrustedProxy(HttpHeaders headers, String expected) {
        Optional<ForwardedClient> read = ForwardedFields.read(headers, PRIVATE);
        String described = read.map(
                        client -> client.address().map(Object::toString).orElse("null") + " "
                                + client.scheme().orElse("null") + " "
                                + client.host().orElse("null") + " "
                                + (client.port().isPresent()
                                        ? String.valueOf(client.port().getAsInt())
                                        : "-"))
                .orElse("none");
        assertThat(described).isEqualTo(expected);
    }

    @Test
    void anObfuscatedClientKeepsItsIdentifier() {
        ForwardedClient client = ForwardedFields.read(
                        HttpHeaders.of("Forwarded", "for=\"_hidden:_port\", for=10.0.0.1"), PRIVATE)
                .orElseThrow();
        InetSocketAddress address = client.address().orElseThrow();
        assertThat(address.isUnresolved()).isTrue();
        assertThat(address.getHostString()).isEqualTo("_hidden");
        assertThat(address.getPort()).isZero();
    }

    /**
     * A property checked on seeded random chains: whatever the mix of trusted and untrusted hops, written as
     * X-Forwarded-For or as Forwarded (quoted or not, with or without ports and spaces), the client read is the
     * right-most untrusted hop, or the left-most hop when all are trusted.
     */
    @Test
    void theWalkMatchesItsDefinitionOnRandomChains() {
        Random random = new Random(20260403L);
        String[] trustedPool = {"10.0.0.1", "10.2.3.4", "192.168.0.9", "172.16.5.5", "127.0.0.1", "::1", "fd00::7"};
        String[] untrustedPool = {"203.0.113.9", "198.51.100.1", "192.0.2.77", "8.8.8.8", "2001:db8::5", "1.1.1.1"};
        for (int round = 0; round < 1000; round++) {
            int length = 1 + random.nextInt(6);
            List<String> chain = new ArrayList<>();
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < length; i++) {
                String[] pool = random.nextBoolean() ? trustedPool : untrustedPool;
                chain.add(pool[random.nextInt(pool.length)]);
                ports.add(random.nextInt(3) == 0 ? 1 + random.nextInt(65535) : 0);
            }
            int expected = 0;
            for (int i = length - 1; i > 0; i--) {
                if (!PRIVATE.trusts(at(chain.get(i), 0).getAddress())) {
                    expected = i;
                    break;
                }
            }
            InetSocketAddress client = at(chain.get(expected), ports.get(expected));

            StringBuilder xff = new StringBuilder();
            StringBuilder forwarded = new StringBuilder();
            for (int i = 0; i < length; i++) {
                String address = chain.get(i);
                boolean v6 = address.indexOf(':') >= 0;
                int port = ports.get(i);
                String separator = i == 0 ? "" : random.nextBoolean() ? ", " : ",";
                String bracketed = v6 ? "[" + address + "]" : address;
                xff.append(separator)
                        .append(port > 0 ? bracketed + ":" + port : v6 && random.nextBoolean() ? address : bracketed);
                String node = port > 0 ? bracketed + ":" + port : bracketed;
                boolean quote = v6 || port > 0 || random.nextBoolean();
                forwarded
                        .append(separator)
                        .append(random.nextBoolean() ? "for=" : "For=")
                        .append(quote ? "\"" + node + "\"" : node);
                if (random.nextInt(4) == 0) {
                    forwarded.append(";by=_proxy").append(i);
                }
            }
            assertThat(ForwardedFields.read(HttpHeaders.of("X-Forwarded-For", xff.toString()), PRIVATE)
                            .flatMap(ForwardedClient::address))
                    .as("X-Forwarded-For: %s", xff)
                    .contains(client);
            assertThat(ForwardedFields.read(HttpHeaders.of("Forwarded", forwarded.toString()), PRIVATE)
                            .flatMap(ForwardedClient::address))
                    .as("Forwarded: %s", forwarded)
                    .contains(client);
        }
    }
}

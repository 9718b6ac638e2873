package org.kamaelia.http.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kamaelia.http.proxy.ProxyHeaders.bytes;
import static org.kamaelia.http.proxy.ProxyHeaders.join;
import static org.kamaelia.http.proxy.ProxyHeaders.tlv;
import static org.kamaelia.http.proxy.ProxyHeaders.v1;
import static org.kamaelia.http.proxy.ProxyHeaders.v2;
import static org.kamaelia.http.proxy.ProxyHeaders.v2Inet;
import static org.kamaelia.http.proxy.ProxyHeaders.v2Inet6;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.ProxiedAddresses;

/** The PROXY header decoder on its own: valid and invalid headers of both versions, split in every way. */
class ProxyHeaderDecoderTest {
    private static final byte[] REQUEST = "GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] V4_SOURCE = bytes(203, 0, 113, 7);
    private static final byte[] V4_DESTINATION = bytes(192, 0, 2, 1);
    private static final byte[] V6_SOURCE = bytes(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01);
    private static final byte[] V6_DESTINATION =
            bytes(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xab, 0xcd);

    private static InetSocketAddress at(String address, int port) {
        return new InetSocketAddress(AddressLiterals.address(AddressLiterals.either(address)), port);
    }

    private static ProxiedAddresses addresses(String source, int sourcePort, String destination, int destinationPort) {
        return new ProxiedAddresses(at(source, sourcePort), at(destination, destinationPort));
    }

    /** A header, and the addresses it names (null for none), and its version. */
    static Stream<Arguments> validHeaders() {
        return Stream.of(
                Arguments.of(
                        "v1 TCP4",
                        v1("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n"),
                        1,
                        addresses("192.168.0.1", 56324, "192.168.0.11", 443)),
                Arguments.of(
                        "v1 TCP4 largest values",
                        v1("PROXY TCP4 255.255.255.255 255.255.255.255 65535 65535\r\n"),
                        1,
                        addresses("255.255.255.255", 65535, "255.255.255.255", 65535)),
                Arguments.of(
                        "v1 TCP4 zeros",
                        v1("PROXY TCP4 0.0.0.0 10.0.0.1 0 0\r\n"),
                        1,
                        addresses("0.0.0.0", 0, "10.0.0.1", 0)),
                Arguments.of(
                        "v1 TCP6 compressed",
                        v1("PROXY TCP6 2001:db8::1 2001:DB8::abcd 4711 8443\r\n"),
                        1,
                        addresses("2001:db8::1", 4711, "2001:db8::abcd", 8443)),
                Arguments.of(
                        "v1 TCP6 longest",
                        v1("PROXY TCP6 ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"
                                + " 65535 65535\r\n"),
                        1,
                        addresses(
                                "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                                65535,
                                "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                                65535)),
                Arguments.of("v1 TCP6 loopback", v1("PROXY TCP6 ::1 :: 1 2\r\n"), 1, addresses("::1", 1, "::", 2)),
                Arguments.of("v1 UNKNOWN short", v1("PROXY UNKNOWN\r\n"), 1, null),
                Arguments.of(
                        "v1 UNKNOWN worst case, 107 bytes",
                        v1("PROXY UNKNOWN ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"
                                + " ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535\r\n"),
                        1,
                        null),
                Arguments.of("v1 UNKNOWN with anything after it", v1("PROXY UNKNOWN what ever 1 2 3\r\n"), 1, null),
                Arguments.of(
                        "v2 TCP over IPv4",
                        v2Inet(V4_SOURCE, 56324, V4_DESTINATION, 443, new byte[0]),
                        2,
                        addresses("203.0.113.7", 56324, "192.0.2.1", 443)),
                Arguments.of(
                        "v2 TCP over IPv4 with TLVs skipped",
                        v2Inet(
                                V4_SOURCE,
                                1,
                                V4_DESTINATION,
                                2,
                                join(
                                        tlv(0x01, "h2".getBytes(StandardCharsets.US_ASCII)),
                                        tlv(0x02, "example.com".getBytes(StandardCharsets.US_ASCII)),
                                        tlv(0x04, new byte[40]))),
                        2,
                        addresses("203.0.113.7", 1, "192.0.2.1", 2)),
                Arguments.of(
                        "v2 TCP over IPv6",
                        v2Inet6(V6_SOURCE, 65535, V6_DESTINATION, 8443, new byte[0]),
                        2,
                        addresses("2001:db8::1", 65535, "2001:db8::abcd", 8443)),
                Arguments.of(
                        "v2 TCP over IPv6 with a TLV",
                        v2Inet6(V6_SOURCE, 9, V6_DESTINATION, 10, tlv(0x05, new byte[16])),
                        2,
                        addresses("2001:db8::1", 9, "2001:db8::abcd", 10)),
                Arguments.of("v2 LOCAL, no addresses", v2(0x20, 0x00, new byte[0]), 2, null),
                Arguments.of(
                        "v2 LOCAL ignores the addresses it carries",
                        v2(0x20, 0x11, Arrays12.of(V4_SOURCE, V4_DESTINATION)),
                        2,
                        null),
                Arguments.of("v2 PROXY over AF_UNSPEC", v2(0x21, 0x00, new byte[0]), 2, null),
                Arguments.of(
                        "v2 PROXY over UDP falls back to the connection",
                        v2(0x21, 0x12, Arrays12.of(V4_SOURCE, V4_DESTINATION)),
                        2,
                        null),
                Arguments.of("v2 PROXY over AF_UNIX stream", v2(0x21, 0x31, new byte[216]), 2, null),
                Arguments.of(
                        "v2 block at the limit",
                        v2Inet(
                                V4_SOURCE,
                                1,
                                V4_DESTINATION,
                                2,
                                tlv(0x04, new byte[ProxyHeaderDecoder.MAX_V2_BLOCK - 12 - 3])),
                        2,
                        addresses("203.0.113.7", 1, "192.0.2.1", 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validHeaders")
    void acceptsAValidHeaderAndTakesNotOneByteMore(String name, byte[] header, int version, ProxiedAddresses expected) {
        ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
        int taken = decoder.feed(ByteChunk.wrap(join(header, REQUEST)));

        assertThat(decoder.state()).isEqualTo(ProxyHeaderDecoder.State.ACCEPTED);
        assertThat(taken).isEqualTo(header.length);
        assertThat(decoder.header().version()).isEqualTo(version);
        assertThat(decoder.header().addresses().orElse(null)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validHeaders")
    void acceptsTheHeaderSplitAtEveryPosition(String name, byte[] header, int version, ProxiedAddresses expected) {
        byte[] stream = join(header, REQUEST);
        for (int split = 1; split < stream.length; split++) {
            ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
            int taken = decoder.feed(ByteChunk.wrap(stream, 0, split));
            if (split < header.length) {
                assertThat(taken).as("split at %d", split).isEqualTo(split);
                assertThat(decoder.state()).as("split at %d", split).isEqualTo(ProxyHeaderDecoder.State.READING);
                taken += decoder.feed(ByteChunk.wrap(stream, split, stream.length - split));
            }
            assertThat(decoder.state()).as("split at %d", split).isEqualTo(ProxyHeaderDecoder.State.ACCEPTED);
            assertThat(taken).as("split at %d", split).isEqualTo(header.length);
            assertThat(decoder.header().addresses().orElse(null)).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validHeaders")
    void acceptsTheHeaderOneByteAtATime(String name, byte[] header, int version, ProxiedAddresses expected) {
        ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
        for (int i = 0; i < header.length; i++) {
            assertThat(decoder.state()).isEqualTo(ProxyHeaderDecoder.State.READING);
            assertThat(decoder.feed(ByteChunk.wrap(header, i, 1))).isEqualTo(1);
        }
        assertThat(decoder.state()).isEqualTo(ProxyHeaderDecoder.State.ACCEPTED);
        assertThat(decoder.feed(ByteChunk.wrap(REQUEST))).isZero();
        assertThat(decoder.header().version()).isEqualTo(version);
        assertThat(decoder.header().addresses().orElse(null)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validHeaders")
    void acceptsTheHeaderInRandomPieces(String name, byte[] header, int version, ProxiedAddresses expected) {
        byte[] stream = join(header, REQUEST);
        Random random = new Random(header.length * 31L + version); // seeded: a failure repeats
        for (int round = 0; round < 50; round++) {
            ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
            int at = 0;
            int taken = 0;
            while (decoder.state() == ProxyHeaderDecoder.State.READING) {
                int size = 1 + random.nextInt(Math.min(24, stream.length - at));
                taken += decoder.feed(ByteChunk.wrap(stream, at, size));
                at += size;
            }
            assertThat(decoder.state()).isEqualTo(ProxyHeaderDecoder.State.ACCEPTED);
            assertThat(taken).isEqualTo(header.length);
            assertThat(decoder.header().addresses().orElse(null)).isEqualTo(expected);
        }
    }

    /** Bytes that must be refused, and why. */
    static Stream<Arguments> invalidHeaders() {
        List<Arguments> cases = new ArrayList<>();
        ProxyProtocolRejection missing = ProxyProtocolRejection.MISSING;
        ProxyProtocolRejection malformed = ProxyProtocolRejection.MALFORMED;
        ProxyProtocolRejection tooLong = ProxyProtocolRejection.TOO_LONG;
        cases.add(Arguments.of("an HTTP request", v1("GET / HTTP/1.1\r\n\r\n"), missing));
        cases.add(Arguments.of("a POST", v1("POST / HTTP/1.1\r\n\r\n"), missing));
        cases.add(Arguments.of("an HTTP/2 preface", v1("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), missing));
        cases.add(Arguments.of("a TLS ClientHello", bytes(0x16, 0x03, 0x01, 0x02, 0x00, 0x01), missing));
        cases.add(Arguments.of("an empty line", v1("\r\nGET / HTTP/1.1\r\n"), missing));
        cases.add(Arguments.of("lower case", v1("proxy TCP4 1.2.3.4 5.6.7.8 1 2\r\n"), missing));
        cases.add(Arguments.of("no space after PROXY", v1("PROXYTCP4 1.2.3.4 5.6.7.8 1 2\r\n"), malformed));
        cases.add(Arguments.of("two spaces", v1("PROXY TCP4  1.2.3.4 5.6.7.8 1 2\r\n"), malformed));
        cases.add(Arguments.of("a trailing space", v1("PROXY TCP4 1.2.3.4 5.6.7.8 1 2 \r\n"), malformed));
        cases.add(Arguments.of("a tab", v1("PROXY TCP4\t1.2.3.4 5.6.7.8 1 2\r\n"), malformed));
        cases.add(Arguments.of("an unknown protocol", v1("PROXY TCP5 1.2.3.4 5.6.7.8 1 2\r\n"), malformed));
        cases.add(Arguments.of("a lower-case protocol", v1("PROXY tcp4 1.2.3.4 5.6.7.8 1 2\r\n"), malformed));
        cases.add(Arguments.of("UNKNOWN run on", v1("PROXY UNKNOWNX\r\n"), malformed));
        cases.add(Arguments.of("no protocol", v1("PROXY \r\n"), malformed));
        cases.add(Arguments.of("no ports", v1("PROXY TCP4 1.2.3.4 5.6.7.8\r\n"), malformed));
        cases.add(Arguments.of("one port", v1("PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n"), malformed));
        cases.add(Arguments.of("an extra field", v1("PROXY TCP4 1.2.3.4 5.6.7.8 1 2 3\r\n"), malformed));
        cases.add(Arguments.of("a leading zero in an address", v1("PROXY TCP4 1.2.3.04 5.6.7.8 1 2\r\n"), malformed));
        cases.add(Arguments.of("an octet above 255", v1("PROXY TCP4 1.2.3.256 5.6.7.8 1 2\r\n"), malformed));
        cases.add(Arguments.of("three octets", v1("PROXY TCP4 1.2.3 5.6.7.8 1 2\r\n"), malformed));
        cases.add(Arguments.of("five octets", v1("PROXY TCP4 1.2.3.4.5 5.6.7.8 1 2\r\n"), malformed));
        cases.add(Arguments.of("a name for an address", v1("PROXY TCP4 localhost 5.6.7.8 1 2\r\n"), malformed));
        cases.add(Arguments.of("a leading zero in a port", v1("PROXY TCP4 1.2.3.4 5.6.7.8 01 2\r\n"), malformed));
        cases.add(Arguments.of("a port above 65535", v1("PROXY TCP4 1.2.3.4 5.6.7.8 1 65536\r\n"), malformed));
        cases.add(Arguments.of("a negative port", v1("PROXY TCP4 1.2.3.4 5.6.7.8 -1 2\r\n"), malformed));
        cases.add(Arguments.of("IPv6 under TCP4", v1("PROXY TCP4 ::1 ::1 1 2\r\n"), malformed));
        cases.add(Arguments.of("IPv4 under TCP6", v1("PROXY TCP6 1.2.3.4 5.6.7.8 1 2\r\n"), malformed));
        cases.add(Arguments.of("a dotted IPv6 tail", v1("PROXY TCP6 ::ffff:1.2.3.4 ::1 1 2\r\n"), malformed));
        cases.add(Arguments.of("two double colons", v1("PROXY TCP6 1::2::3 ::1 1 2\r\n"), malformed));
        cases.add(Arguments.of("nine IPv6 groups", v1("PROXY TCP6 1:2:3:4:5:6:7:8:9 ::1 1 2\r\n"), malformed));
        cases.add(Arguments.of("a five-digit IPv6 group", v1("PROXY TCP6 12345::1 ::1 1 2\r\n"), malformed));
        cases.add(Arguments.of("a bracketed IPv6", v1("PROXY TCP6 [::1] ::1 1 2\r\n"), malformed));
        cases.add(Arguments.of("a zone", v1("PROXY TCP6 fe80::1%eth0 ::1 1 2\r\n"), malformed));
        cases.add(Arguments.of("a bare LF", v1("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n"), malformed));
        cases.add(Arguments.of("a bare CR", v1("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\rX\n"), malformed));
        cases.add(Arguments.of("a NUL", join(v1("PROXY TCP4 1.2.3.4"), bytes(0), v1(" 5.6.7.8 1 2\r\n")), malformed));
        cases.add(Arguments.of("a non-ASCII byte", join(v1("PROXY UNKNOWN "), bytes(0xE9), v1("\r\n")), malformed));
        cases.add(Arguments.of("no CRLF in 107 bytes", v1("PROXY UNKNOWN " + "a".repeat(93) + "\r\n"), tooLong));
        cases.add(Arguments.of("a line of garbage", v1("PROXY " + "x".repeat(200)), tooLong));
        byte[] signatureTypo = v2(0x21, 0x11, new byte[12]);
        signatureTypo[7] = 0x52;
        cases.add(Arguments.of("v2 signature wrong in byte 8", signatureTypo, missing));
        cases.add(Arguments.of("v2 signature then HTTP", v1("\r\n\r\nGET / HTTP/1.1\r\n"), missing));
        cases.add(Arguments.of("v2 version 1", v2(0x11, 0x11, new byte[12]), malformed));
        cases.add(Arguments.of("v2 version 3", v2(0x31, 0x11, new byte[12]), malformed));
        cases.add(Arguments.of("v2 version 0", v2(0x01, 0x11, new byte[12]), malformed));
        cases.add(Arguments.of("v2 command 2", v2(0x22, 0x11, new byte[12]), malformed));
        cases.add(Arguments.of("v2 command 15", v2(0x2F, 0x11, new byte[12]), malformed));
        cases.add(Arguments.of("v2 family 4", v2(0x21, 0x41, new byte[12]), malformed));
        cases.add(Arguments.of("v2 transport 3", v2(0x21, 0x13, new byte[12]), malformed));
        cases.add(Arguments.of("v2 IPv4 block too short", v2(0x21, 0x11, new byte[11]), malformed));
        cases.add(Arguments.of("v2 IPv6 block too short", v2(0x21, 0x21, new byte[35]), malformed));
        cases.add(Arguments.of("v2 IPv6 block the size of IPv4", v2(0x21, 0x21, new byte[12]), malformed));
        cases.add(Arguments.of(
                "v2 block over the limit", v2(0x21, 0x11, new byte[ProxyHeaderDecoder.MAX_V2_BLOCK + 1]), tooLong));
        cases.add(Arguments.of(
                "v2 block of 65535", join(ProxyHeaders.V2_SIGNATURE, bytes(0x21, 0x11, 0xFF, 0xFF)), tooLong));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidHeaders")
    void refusesBytesThatAreNotAValidHeader(String name, byte[] input, ProxyProtocolRejection expected) {
        ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
        decoder.feed(ByteChunk.wrap(join(input, REQUEST)));

        assertThat(decoder.state()).isEqualTo(ProxyHeaderDecoder.State.REJECTED);
        assertThat(decoder.rejection()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidHeaders")
    void refusesTheSameBytesFedOneAtATime(String name, byte[] input, ProxyProtocolRejection expected) {
        ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
        byte[] stream = join(input, REQUEST);
        for (int i = 0; i < stream.length && decoder.state() == ProxyHeaderDecoder.State.READING; i++) {
            decoder.feed(ByteChunk.wrap(stream, i, 1));
        }
        assertThat(decoder.state()).isEqualTo(ProxyHeaderDecoder.State.REJECTED);
        assertThat(decoder.rejection()).isEqualTo(expected);
    }

    @Test
    void refusesGarbageAtTheFirstByteItCannotExplain() {
        ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
        int taken = decoder.feed(ByteChunk.ascii("PROB"));

        assertThat(decoder.state()).isEqualTo(ProxyHeaderDecoder.State.REJECTED);
        assertThat(taken).isEqualTo(4);
        assertThat(decoder.feed(ByteChunk.ascii("more"))).isZero();
    }

    @Test
    void randomBytesAreNeverAcceptedAsAnAddressedHeaderUnlessTheyStartWithASignature() {
        Random random = new Random(7239);
        for (int round = 0; round < 2000; round++) {
            byte[] noise = new byte[1 + random.nextInt(120)];
            random.nextBytes(noise);
            ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
            int taken = decoder.feed(ByteChunk.wrap(noise));
            assertThat(taken).isBetween(0, noise.length);
            if (noise[0] != 'P' && noise[0] != 0x0D) {
                assertThat(decoder.state()).isEqualTo(ProxyHeaderDecoder.State.REJECTED);
                assertThat(decoder.rejection()).isEqualTo(ProxyProtocolRejection.MISSING);
                assertThat(taken).isEqualTo(1);
            }
        }
    }

    @Test
    void anEndOfInputInsideAHeaderIsATruncation() {
        byte[] header = v1("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n");
        for (int cut = 1; cut < header.length; cut++) {
            ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
            decoder.feed(ByteChunk.wrap(header, 0, cut));
            decoder.endOfInput();
            assertThat(decoder.state()).as("cut at %d", cut).isEqualTo(ProxyHeaderDecoder.State.REJECTED);
            assertThat(decoder.rejection()).isEqualTo(ProxyProtocolRejection.TRUNCATED);
        }
    }

    @Test
    void anEndOfInputBeforeAnyByteIsNoRejection() {
        ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
        decoder.endOfInput();
        assertThat(decoder.state()).isEqualTo(ProxyHeaderDecoder.State.READING);
    }

    @Test
    void aV2HeaderCutInItsBlockIsATruncation() {
        byte[] header = v2Inet6(V6_SOURCE, 1, V6_DESTINATION, 2, new byte[0]);
        ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
        decoder.feed(ByteChunk.wrap(header, 0, header.length - 1));
        assertThat(decoder.state()).isEqualTo(ProxyHeaderDecoder.State.READING);
        decoder.endOfInput();
        assertThat(decoder.rejection()).isEqualTo(ProxyProtocolRejection.TRUNCATED);
    }

    /** Two 4-byte addresses and two zero ports: a 12-byte IPv4 block. */
    private static final class Arrays12 {
        static byte[] of(byte[] source, byte[] destination) {
            return join(source, destination, new byte[4]);
        }
    }
}

package org.kamaelia.http.proxy;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.ProxiedAddresses;

/**
 * Reads one PROXY protocol header, version 1 or 2, from the first bytes of a connection, as they arrive: pure, no
 * I/O, fed chunk by chunk however the header is split. It takes exactly the header's bytes and no more, so what
 * follows it in the same chunk is left for the protocol. Specification: HAProxy's {@code proxy-protocol.txt},
 * sections 2.1 (the text line) and 2.2 (the binary block).
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>limit</th><th>value</th><th>from</th></tr>
 *   <tr><td>version 1 line, CRLF included</td><td>{@value #MAX_V1_LINE} bytes</td><td>section 2.1</td></tr>
 *   <tr><td>version 2 block after the 16 fixed bytes (addresses and TLVs)</td><td>{@value #MAX_V2_BLOCK}
 *       bytes</td><td>ours: the specification allows 65,535</td></tr>
 * </table>
 *
 * <p>Strict, as section 2.1 asks ("any sequence which does not exactly match the protocol must be discarded"):
 * single spaces, canonical addresses without leading zeros, ports 0 to 65535 without leading zeros, CRLF and
 * nothing else to end the line; in version 2, version nibble 2, command {@code LOCAL} or {@code PROXY}, and a known
 * family and transport. Version 2 TLVs are skipped unread.
 *
 * <p>Not thread-safe: one decoder per connection.
 */
final class ProxyHeaderDecoder {
    /** The longest version 1 line, CRLF included (section 2.1: the worst case {@code UNKNOWN} line). */
    static final int MAX_V1_LINE = 107;

    /** The most bytes a version 2 header may carry after its fixed 16: addresses and TLVs. */
    static final int MAX_V2_BLOCK = 2048;

    private static final byte[] V1_PREFIX = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    private static final int V2_FIXED = 16;
    private static final int COMMAND_LOCAL = 0x0;
    private static final int COMMAND_PROXY = 0x1;
    private static final int FAMILY_INET = 0x1;
    private static final int FAMILY_INET6 = 0x2;
    private static final int FAMILY_UNIX = 0x3;
    private static final int TRANSPORT_STREAM = 0x1;
    private static final int TRANSPORT_DGRAM = 0x2;

    /** Where the decoder is. */
    enum State {
        /** More bytes are needed. */
        READING,
        /** A valid header was read: see {@link #header()}. */
        ACCEPTED,
        /** The bytes are not a valid header: see {@link #rejection()}. */
        REJECTED
    }

    private final byte[] held = new byte[V2_FIXED + MAX_V2_BLOCK];
    private int count;
    private int needed; // a version 2 header's total length, once its fixed part is in; 0 before
    private State state = State.READING;
    private ProxyHeader header;
    private ProxyProtocolRejection rejection;

    /** Where the decoder is. */
    State state() {
        return state;
    }

    /** The header, once {@link State#ACCEPTED}. */
    ProxyHeader header() {
        if (header == null) {
            throw new IllegalStateException("no header accepted: " + state);
        }
        return header;
    }

    /** Why the bytes were refused, once {@link State#REJECTED}. */
    ProxyProtocolRejection rejection() {
        if (rejection == null) {
            throw new IllegalStateException("nothing rejected: " + state);
        }
        return rejection;
    }

    /** How many header bytes arrived so far. */
    int received() {
        return count;
    }

    /**
     * Takes bytes of {@code chunk} while the header is incomplete; returns how many it took. When the header ends
     * inside the chunk, the bytes after it are not taken. Once the state is not {@link State#READING} it takes
     * nothing.
     */
    int feed(ByteChunk chunk) {
        int taken = 0;
        int length = chunk.length();
        while (state == State.READING && taken < length) {
            take(chunk.byteAt(taken++));
        }
        return taken;
    }

    /** Says that the input ended: a header begun and not finished is {@link ProxyProtocolRejection#TRUNCATED}. */
    void endOfInput() {
        if (state == State.READING && count > 0) {
            reject(ProxyProtocolRejection.TRUNCATED);
        }
    }

    private void take(byte b) {
        int at = count;
        held[count++] = b;
        if (at == 0) {
            if (b != V1_PREFIX[0] && b != V2_SIGNATURE[0]) {
                reject(ProxyProtocolRejection.MISSING);
            }
            return;
        }
        if (held[0] == V1_PREFIX[0]) {
            takeV1(at, b);
        } else {
            takeV2(at, b);
        }
    }

    // ----- version 1: the text line ------------------------------------------------------------------------

    private void takeV1(int at, byte b) {
        if (at < V1_PREFIX.length) {
            if (b != V1_PREFIX[at]) {
                reject(at < 5 ? ProxyProtocolRejection.MISSING : ProxyProtocolRejection.MALFORMED);
            }
            return;
        }
        if (b == '\n') {
            if (held[at - 1] != '\r') {
                reject(ProxyProtocolRejection.MALFORMED); // a bare LF must not end the line
                return;
            }
            decodeV1(new String(held, 0, at - 1, StandardCharsets.US_ASCII));
            return;
        }
        if (held[at - 1] == '\r') {
            reject(ProxyProtocolRejection.MALFORMED); // a CR not followed by LF
            return;
        }
        if (b != '\r' && (b < 0x20 || b > 0x7E)) {
            reject(ProxyProtocolRejection.MALFORMED);
            return;
        }
        if (count >= MAX_V1_LINE) {
            reject(ProxyProtocolRejection.TOO_LONG);
        }
    }

    private void decodeV1(String line) {
        // line is "PROXY " and the rest, without the CRLF
        String rest = line.substring(V1_PREFIX.length);
        if (rest.equals("UNKNOWN") || rest.startsWith("UNKNOWN ")) {
            accept(new ProxyHeader(1, null)); // the rest of the line is to be ignored (section 2.1)
            return;
        }
        String[] parts = rest.split(" ", -1);
        if (parts.length != 5) {
            reject(ProxyProtocolRejection.MALFORMED);
            return;
        }
        byte[] source;
        byte[] destination;
        if (parts[0].equals("TCP4")) {
            source = AddressLiterals.ipv4(parts[1]);
            destination = AddressLiterals.ipv4(parts[2]);
        } else if (parts[0].equals("TCP6")) {
            source = AddressLiterals.ipv6(parts[1], false);
            destination = AddressLiterals.ipv6(parts[2], false);
        } else {
            reject(ProxyProtocolRejection.MALFORMED);
            return;
        }
        int sourcePort = AddressLiterals.port(parts[3]);
        int destinationPort = AddressLiterals.port(parts[4]);
        if (source == null || destination == null || sourcePort < 0 || destinationPort < 0) {
            reject(ProxyProtocolRejection.MALFORMED);
            return;
        }
        accept(new ProxyHeader(1, addresses(source, sourcePort, destination, destinationPort)));
    }

    // ----- version 2: the binary block ---------------------------------------------------------------------

    private void takeV2(int at, byte b) {
        if (at < V2_SIGNATURE.length) {
            if (b != V2_SIGNATURE[at]) {
                reject(ProxyProtocolRejection.MISSING);
            }
            return;
        }
        if (at == 12) {
            int version = (b >> 4) & 0xF;
            int command = b & 0xF;
            if (version != 2 || (command != COMMAND_LOCAL && command != COMMAND_PROXY)) {
                reject(
                        ProxyProtocolRejection
                                .MALFORMED); // "receivers must drop connections presenting unexpected values"
            }
            return;
        }
        if (at == 13) {
            int family = (b >> 4) & 0xF;
            int transport = b & 0xF;
            if (family > FAMILY_UNIX || transport > TRANSPORT_DGRAM) {
                reject(ProxyProtocolRejection.MALFORMED);
            }
            return;
        }
        if (at == 15) {
            int block = ((held[14] & 0xFF) << 8) | (b & 0xFF);
            if (block > MAX_V2_BLOCK) {
                reject(ProxyProtocolRejection.TOO_LONG);
                return;
            }
            needed = V2_FIXED + block;
        }
        if (at >= 15 && count == needed) {
            decodeV2();
        }
    }

    private void decodeV2() {
        int command = held[12] & 0xF;
        int family = (held[13] >> 4) & 0xF;
        int transport = held[13] & 0xF;
        int block = needed - V2_FIXED;
        if (command == COMMAND_LOCAL || transport != TRANSPORT_STREAM) {
            // LOCAL: the proxy's own connection, its addresses stand. Other transports: this server reads TCP only,
            // and section 2.2 asks receivers to fall back to the connection's addresses for what they do not read.
            accept(new ProxyHeader(2, null));
            return;
        }
        if (family == FAMILY_INET) {
            if (block < 12) {
                reject(ProxyProtocolRejection.MALFORMED);
                return;
            }
            accept(new ProxyHeader(2, addresses(slice(16, 4), port(24), slice(20, 4), port(26))));
        } else if (family == FAMILY_INET6) {
            if (block < 36) {
                reject(ProxyProtocolRejection.MALFORMED);
                return;
            }
            accept(new ProxyHeader(2, addresses(slice(16, 16), port(48), slice(32, 16), port(50))));
        } else {
            accept(new ProxyHeader(2, null)); // AF_UNSPEC, AF_UNIX: the connection's addresses stand
        }
    }

    private byte[] slice(int from, int length) {
        byte[] bytes = new byte[length];
        System.arraycopy(held, from, bytes, 0, length);
        return bytes;
    }

    private int port(int at) {
        return ((held[at] & 0xFF) << 8) | (held[at + 1] & 0xFF);
    }

    // ----- results ---------------------------------------------------------------------------------------

    private static ProxiedAddresses addresses(byte[] source, int sourcePort, byte[] destination, int destinationPort) {
        return new ProxiedAddresses(
                new InetSocketAddress(AddressLiterals.address(source), sourcePort),
                new InetSocketAddress(AddressLiterals.address(destination), destinationPort));
    }

    private void accept(ProxyHeader value) {
        header = value;
        state = State.ACCEPTED;
    }

    private void reject(ProxyProtocolRejection reason) {
        rejection = reason;
        state = State.REJECTED;
    }
}

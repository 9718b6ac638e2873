package org.kamaelia.http.proxy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds PROXY protocol headers for tests: version 1 lines and version 2 blocks, valid or deliberately not. */
final class ProxyHeaders {
    static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private ProxyHeaders() {}

    static byte[] v1(String line) {
        return line.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A version 2 header: version/command byte, family/transport byte, then {@code block} (its length is computed). */
    static byte[] v2(int versionCommand, int familyTransport, byte[] block) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(V2_SIGNATURE);
        out.write(versionCommand);
        out.write(familyTransport);
        out.write(block.length >>> 8);
        out.write(block.length);
        out.writeBytes(block);
        return out.toByteArray();
    }

    /** A version 2 PROXY header for TCP over IPv4, with {@code tlvs} after the addresses. */
    static byte[] v2Inet(byte[] source, int sourcePort, byte[] destination, int destinationPort, byte[] tlvs) {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        block.writeBytes(source);
        block.writeBytes(destination);
        port(block, sourcePort);
        port(block, destinationPort);
        block.writeBytes(tlvs);
        return v2(0x21, 0x11, block.toByteArray());
    }

    /** A version 2 PROXY header for TCP over IPv6, with {@code tlvs} after the addresses. */
    static byte[] v2Inet6(byte[] source, int sourcePort, byte[] destination, int destinationPort, byte[] tlvs) {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        block.writeBytes(source);
        block.writeBytes(destination);
        port(block, sourcePort);
        port(block, destinationPort);
        block.writeBytes(tlvs);
        return v2(0x21, 0x21, block.toByteArray());
    }

    /** One TLV: type, two length bytes, value. */
    static byte[] tlv(int type, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(type);
        port(out, value.length);
        out.writeBytes(value);
        return out.toByteArray();
    }

    static byte[] join(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static void port(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8);
        out.write(value);
    }
}

package org.kamaelia.http.proxy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Strict parsing of IP address literals into their bytes, with no name lookup: what a PROXY header, a forwarding
 * field and a trusted range may contain. {@link InetAddress#getByName} is not used for this because it accepts
 * shorthand IPv4 forms ({@code 10.1} for {@code 10.0.0.1}), zone identifiers and, for anything else, a DNS lookup.
 */
final class AddressLiterals {
    private AddressLiterals() {}

    /**
     * The four bytes of a dotted-quad IPv4 literal: exactly four decimal numbers from 0 to 255, without leading
     * zeros (which some parsers read as octal); {@code null} if {@code text} is not one.
     */
    static byte[] ipv4(String text) {
        return ipv4(text, 0, text.length());
    }

    private static byte[] ipv4(String text, int from, int to) {
        byte[] bytes = new byte[4];
        int part = 0;
        int at = from;
        while (part < 4) {
            int start = at;
            int value = 0;
            while (at < to && at - start < 3 && isDigit(text.charAt(at))) {
                value = value * 10 + (text.charAt(at) - '0');
                at++;
            }
            int digits = at - start;
            if (digits == 0 || value > 255 || (digits > 1 && text.charAt(start) == '0')) {
                return null;
            }
            bytes[part++] = (byte) value;
            if (part < 4) {
                if (at >= to || text.charAt(at) != '.') {
                    return null;
                }
                at++;
            }
        }
        return at == to ? bytes : null;
    }

    /**
     * The sixteen bytes of an IPv6 literal: groups of one to four hexadecimal digits separated by colons, at most
     * one {@code ::}, 128 bits in all; with {@code dottedTail}, the last 32 bits may be written as an IPv4 literal
     * ({@code ::ffff:192.0.2.1}). No brackets, no zone. {@code null} if {@code text} is not one.
     */
    static byte[] ipv6(String text, boolean dottedTail) {
        int length = text.length();
        if (length < 2 || length > 45) {
            return null;
        }
        byte[] bytes = new byte[16];
        int filled = 0; // bytes written
        int gap = -1; // where "::" stands, in bytes
        int at = 0;
        if (text.startsWith("::")) {
            gap = 0;
            at = 2;
            if (at == length) {
                return bytes;
            }
        } else if (text.charAt(0) == ':') {
            return null;
        }
        while (at < length) {
            int start = at;
            int value = 0;
            while (at < length && at - start < 4 && Character.digit(text.charAt(at), 16) >= 0) {
                value = value * 16 + Character.digit(text.charAt(at), 16);
                at++;
            }
            if (at < length && text.charAt(at) == '.') {
                // The group just read is the start of an IPv4 tail: it must be the last 4 bytes.
                if (!dottedTail || filled > 12) {
                    return null;
                }
                byte[] tail = ipv4(text, start, length);
                if (tail == null) {
                    return null;
                }
                System.arraycopy(tail, 0, bytes, filled, 4);
                filled += 4;
                at = length;
                break;
            }
            if (at == start || filled == 16) {
                return null;
            }
            bytes[filled++] = (byte) (value >>> 8);
            bytes[filled++] = (byte) value;
            if (at == length) {
                break;
            }
            if (text.charAt(at) != ':') {
                return null;
            }
            at++;
            if (at < length && text.charAt(at) == ':') {
                if (gap >= 0) {
                    return null; // a second "::"
                }
                gap = filled;
                at++;
            } else if (at == length) {
                return null; // a single trailing colon
            }
        }
        if (gap < 0) {
            return filled == 16 ? bytes : null;
        }
        if (filled == 16) {
            return null; // "::" must stand for at least one group
        }
        int moved = filled - gap;
        System.arraycopy(bytes, gap, bytes, 16 - moved, moved);
        Arrays.fill(bytes, gap, 16 - moved, (byte) 0);
        return bytes;
    }

    /**
     * The bytes of an IPv4 literal or an IPv6 literal (with a dotted tail allowed); {@code null} if {@code text}
     * is neither.
     */
    static byte[] either(String text) {
        return text.indexOf(':') >= 0 ? ipv6(text, true) : ipv4(text);
    }

    /** The address of {@code bytes} (4 or 16), made without a lookup. */
    static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an address is 4 or 16 bytes, not " + bytes.length, e);
        }
    }

    /** A port number written in decimal without leading zeros, 0 to 65535; -1 if {@code text} is not one. */
    static int port(String text) {
        int length = text.length();
        if (length == 0 || length > 5 || (length > 1 && text.charAt(0) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= 65535 ? value : -1;
    }

    /** The IPv4 address inside an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}), or {@code bytes} itself. */
    static byte[] unmapped(byte[] bytes) {
        if (bytes.length != 16 || bytes[10] != (byte) 0xFF || bytes[11] != (byte) 0xFF) {
            return bytes;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return bytes;
            }
        }
        return Arrays.copyOfRange(bytes, 12, 16);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}

package org.kamaelia.http.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which peers a list of CIDR ranges trusts, and which range texts it refuses. */
class TrustedProxiesTest {
    private static InetAddress ip(String literal) {
        return AddressLiterals.address(AddressLiterals.either(literal));
    }

    @ParameterizedTest(name = "{0} trusted by default: {1}")
    @CsvSource({
        "127.0.0.1, true",
        "127.255.255.254, true",
        "10.1.2.3, true",
        "172.16.0.1, true",
        "172.31.255.255, true",
        "172.32.0.1, false",
        "172.15.255.255, false",
        "192.168.10.20, true",
        "192.169.0.1, false",
        "169.254.1.1, true",
        "100.64.0.1, true",
        "100.128.0.1, false",
        "8.8.8.8, false",
        "203.0.113.9, false",
        "::1, true",
        "::2, false",
        "fd12:3456::1, true",
        "fc00::1, true",
        "fe80::1, true",
        "fec0::1, false",
        "2001:db8::1, false",
        "::ffff:10.0.0.1, true",
        "::ffff:8.8.8.8, false"
    })
    void theDefaultsTrustLoopbackLinkLocalAndPrivateAddresses(String address, boolean trusted) {
        assertThat(TrustedProxies.defaults().trusts(ip(address))).isEqualTo(trusted);
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
        "192.0.2.0/24, 192.0.2.0, true",
        "192.0.2.0/24, 192.0.2.255, true",
        "192.0.2.0/24, 192.0.3.0, false",
        "192.0.2.7, 192.0.2.7, true",
        "192.0.2.7, 192.0.2.8, false",
        "192.0.2.7/32, 192.0.2.7, true",
        "192.0.2.128/25, 192.0.2.127, false",
        "192.0.2.128/25, 192.0.2.129, true",
        "10.0.0.0/9, 10.127.0.1, true",
        "10.0.0.0/9, 10.128.0.1, false",
        "0.0.0.0/0, 198.51.100.1, true",
        "0.0.0.0/0, 2001:db8::1, false",
        "2001:db8::/32, 2001:db8:ffff::1, true",
        "2001:db8::/32, 2001:db9::1, false",
        "2001:db8::/33, 2001:db8:8000::1, false",
        "::/0, 2001:db8::1, true",
        "::/0, 192.0.2.1, false",
        "::ffff:192.0.2.0/120, 192.0.2.77, true",
        "::ffff:192.0.2.0/120, 192.0.3.77, false",
        "10.1.2.3/8, 10.200.0.1, true"
    })
    void aRangeContainsTheAddressesItsPrefixCovers(String range, String address, boolean trusted) {
        assertThat(TrustedProxies.of(List.of(range)).trusts(ip(address))).isEqualTo(trusted);
    }

    @Test
    void anIpv4MappedIpv6PeerIsJudgedAsItsIpv4Address() throws UnknownHostException {
        byte[] mapped = AddressLiterals.ipv6("::ffff:192.0.2.9", true);
        // Inet6Address.getByAddress keeps the 16 bytes, as a socket on a dual-stack channel may report them.
        InetAddress peer = Inet6Address.getByAddress(null, mapped, -1);
        assertThat(peer.getAddress()).hasSize(16);

        assertThat(TrustedProxies.of(List.of("192.0.2.0/24")).trusts(peer)).isTrue();
        assertThat(TrustedProxies.of(List.of("198.51.100.0/24")).trusts(peer)).isFalse();
    }

    @Test
    void anUnresolvedOrMissingPeerIsNeverTrusted() {
        TrustedProxies everything = TrustedProxies.of(List.of("0.0.0.0/0", "::/0"));
        assertThat(everything.trusts(InetSocketAddress.createUnresolved("127.0.0.1", 80)))
                .isFalse();
        assertThat(everything.trusts((InetAddress) null)).isFalse();
        assertThat(everything.trusts((InetSocketAddress) null)).isFalse();
        assertThat(everything.trusts(new InetSocketAddress(ip("127.0.0.1"), 80)))
                .isTrue();
    }

    @Test
    void anEmptyListTrustsNobody() {
        assertThat(TrustedProxies.of(List.of()).trusts(ip("127.0.0.1"))).isFalse();
    }

    @ParameterizedTest(name = "refuses \"{0}\"")
    @ValueSource(
            strings = {
                "",
                "/8",
                "10/8", // InetAddress reads "10" as 0.0.0.10
                "10.1/16",
                "10.0.0/24",
                "010.0.0.0/8",
                "256.0.0.0/8",
                "10.0.0.0/33",
                "10.0.0.0/-1",
                "10.0.0.0/",
                "10.0.0.0/8/8",
                "10.0.0.0/+8",
                "10.0.0.0/ 8",
                "::/129",
                "fe80::1%eth0/64",
                "[::1]/128",
                "localhost",
                "proxy.example.com/32",
                "1::2::3/64"
            })
    void refusesWhatIsNotAnAddressLiteralWithAPrefixInRange(String range) {
        assertThatThrownBy(() -> TrustedProxies.of(List.of(range))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesANullRange() {
        assertThatThrownBy(() -> TrustedProxies.of(java.util.Arrays.asList("10.0.0.0/8", null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsTheRangesAsTheyWereWritten() {
        TrustedProxies trusted = TrustedProxies.of(List.of(" 10.0.0.0/8 ", "2001:db8::/32"));
        assertThat(trusted.ranges()).containsExactly(" 10.0.0.0/8 ", "2001:db8::/32");
        assertThat(trusted.trusts(ip("10.9.9.9"))).isTrue();
        assertThat(trusted).hasToString("TrustedProxies[ 10.0.0.0/8 , 2001:db8::/32]");
        assertThat(TrustedProxies.defaults().ranges()).isEqualTo(TrustedProxies.DEFAULT_RANGES);
    }
}

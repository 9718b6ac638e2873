package org.kamaelia.http.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The strict address literal parser, checked against the JDK's reading of the same literals. */
class AddressLiteralsTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "0.0.0.0",
                "255.255.255.255",
                "192.0.2.1",
                "10.0.0.10",
                "1.22.133.4",
                "::",
                "::1",
                "1::",
                "2001:db8::1",
                "2001:DB8:0:0:0:0:0:1",
                "1:2:3:4:5:6:7:8",
                "1::8",
                "1:2:3:4:5:6::8",
                "::2:3:4:5:6:7:8",
                "fe80::abcd:ef01",
                "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                "0:0:0:0:0:0:0:0"
            })
    void readsCanonicalLiteralsAsTheJdkDoes(String literal) throws Exception {
        byte[] expected = InetAddress.getByName(literal).getAddress();
        byte[] read = literal.indexOf(':') >= 0 ? AddressLiterals.ipv6(literal, false) : AddressLiterals.ipv4(literal);
        assertThat(read).isNotNull();
        assertThat(AddressLiterals.unmapped(read)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"::ffff:192.0.2.1", "::192.0.2.1", "64:ff9b::192.0.2.33", "1:2:3:4:5:6:1.2.3.4"})
    void readsADottedTailOnlyWhenAllowed(String literal) throws Exception {
        assertThat(AddressLiterals.ipv6(literal, false)).isNull();
        byte[] read = AddressLiterals.ipv6(literal, true);
        assertThat(read).hasSize(16);
        assertThat(AddressLiterals.unmapped(read))
                .isEqualTo(InetAddress.getByName(literal).getAddress());
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(
            strings = {
                "",
                "1",
                "1.2",
                "1.2.3",
                "1.2.3.4.",
                ".1.2.3.4",
                "1..2.3",
                "01.2.3.4",
                "1.2.3.256",
                "1.2.3.1000",
                "a.b.c.d",
                "1.2.3.4 ",
                " 1.2.3.4",
                "1.2.3.-4",
                "+1.2.3.4"
            })
    void refusesWhatIsNotADottedQuad(String literal) {
        assertThat(AddressLiterals.ipv4(literal)).isNull();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(
            strings = {
                ":",
                ":::",
                "1:",
                ":1",
                "1:2:3:4:5:6:7:8:9",
                "1:2:3:4:5:6:7",
                "1::2::3",
                "12345::",
                "g::1",
                "1:2:3:4:5:6:7:8::",
                "::1:2:3:4:5:6:7:8",
                "[::1]",
                "fe80::1%1",
                "1:2:3:4:5:6:7:1.2.3.4",
                "::1.2.3",
                "1.2.3.4::",
                " ::1"
            })
    void refusesWhatIsNotAnIpv6Literal(String literal) {
        assertThat(AddressLiterals.ipv6(literal, true)).isNull();
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource({
        "0, 0",
        "1, 1",
        "80, 80",
        "65535, 65535",
        "65536, -1",
        "00, -1",
        "080, -1",
        "'', -1",
        "-1, -1",
        "123456, -1",
        "8a, -1"
    })
    void readsPortsWithoutLeadingZeros(String text, int expected) {
        assertThat(AddressLiterals.port(text)).isEqualTo(expected);
    }
}

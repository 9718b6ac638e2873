package org.kamaelia.http.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TlsSettingsTest {
    private static final SSLContext CONTEXT = TestPki.INSTANCE.serverContext();

    @Test
    void offersTls13AndTls12ByDefault() {
        TlsSettings settings = TlsSettings.builder(CONTEXT).build();

        assertThat(settings.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(settings.cipherSuites()).isEmpty();
        assertThat(settings.clientAuth()).isEqualTo(ClientAuth.NONE);
        assertThat(settings.handshakeTimeout())
                .isEqualTo(Duration.ofSeconds(TlsSettings.DEFAULT_HANDSHAKE_TIMEOUT_SECONDS));
        SSLEngine engine = settings.newEngine();
        assertThat(engine.getUseClientMode()).isFalse();
        assertThat(engine.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
        assertThat(engine.getNeedClientAuth()).isFalse();
        assertThat(engine.getWantClientAuth()).isFalse();
    }

    @Test
    void appliesProtocolsSuitesAndClientAuthToEachEngine() {
        TlsSettings settings = TlsSettings.builder(CONTEXT)
                .protocols("TLSv1.2")
                .cipherSuites("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")
                .clientAuth(ClientAuth.NEED)
                .build();

        SSLEngine engine = settings.newEngine();

        assertThat(engine.getEnabledProtocols()).containsExactly("TLSv1.2");
        assertThat(engine.getEnabledCipherSuites()).containsExactly("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        assertThat(engine.getNeedClientAuth()).isTrue();
        assertThat(engine.getSSLParameters().getUseCipherSuitesOrder()).isTrue();
        assertThat(TlsSettings.builder(CONTEXT)
                        .clientAuth(ClientAuth.WANT)
                        .build()
                        .newEngine()
                        .getWantClientAuth())
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.1", "TLSv1", "SSLv3", "SSLv2Hello"})
    void refusesProtocolsOlderThanTls12(String protocol) {
        assertThatThrownBy(
                        () -> TlsSettings.builder(CONTEXT).protocols(protocol).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(protocol)
                .hasMessageContaining("RFC 8996");
    }

    @Test
    void refusesAnUnknownProtocolAndRepeatedOnes() {
        assertThatThrownBy(() -> TlsSettings.builder(CONTEXT).protocols("TLSv9").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TLSv9 is not supported");
        assertThatThrownBy(() -> TlsSettings.builder(CONTEXT)
                        .protocols("TLSv1.3", "TLSv1.3")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("twice");
    }

    @Test
    void refusesAnUnknownCipherSuite() {
        assertThatThrownBy(() -> TlsSettings.builder(CONTEXT)
                        .cipherSuites("TLS_ROT13_WITH_NOTHING")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TLS_ROT13_WITH_NOTHING");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1})
    void refusesAHandshakeTimeoutThatIsNotPositive(long millis) {
        assertThatThrownBy(() -> TlsSettings.builder(CONTEXT)
                        .handshakeTimeout(Duration.ofMillis(millis))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
    }
}

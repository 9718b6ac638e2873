package org.kamaelia.http.tls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecordStartTest {
    @Test
    void judgesEveryPossibleFirstByte() {
        for (int b = 0; b < 256; b++) {
            RecordStart expected;
            if (b == 22) {
                expected = RecordStart.TLS_HANDSHAKE;
            } else if (b >= 'A' && b <= 'Z') {
                expected = RecordStart.PLAIN_HTTP;
            } else {
                expected = RecordStart.NOT_TLS;
            }
            assertThat(RecordStart.of((byte) b)).as("byte %d", b).isEqualTo(expected);
        }
    }
}

package org.kamaelia.http.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kamaelia.http.handler.HttpHandler;
import org.kamaelia.http.spring.boot.KamaeliaHttpServers;
import org.kamaelia.http.spring.boot.LocalKamaeliaPort;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** A test told its servers' ports, as Boot tests are told theirs with {@code @LocalServerPort}. */
@SpringBootTest(
        classes = LocalKamaeliaPortIT.App.class,
        properties = {
            "kamaelia.http.event-loops=1",
            "kamaelia.http.servers.api.port=0",
            "kamaelia.http.servers.api.routes[0].prefix=/",
            "kamaelia.http.servers.api.routes[0].handler=hello",
            "kamaelia.http.servers.admin.port=0",
            "kamaelia.http.servers.admin.routes[0].prefix=/",
            "kamaelia.http.servers.admin.routes[0].handler=hello"
        })
@Timeout(60)
class LocalKamaeliaPortIT {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        HttpHandler hello() {
            return request -> org.kamaelia.http.handler.HttpResponse.text(200, "hello");
        }
    }

    @LocalKamaeliaPort("api")
    int apiPort;

    @LocalKamaeliaPort("admin")
    Integer adminPort;

    @Value("${local.kamaelia.http.api.port}")
    int apiPortFromValue;

    @Autowired
    KamaeliaHttpServers servers;

    @Autowired
    Environment environment;

    @Test
    void injectsEachServersPortByName() {
        int api = servers.server("api").orElseThrow().port();
        int admin = servers.server("admin").orElseThrow().port();
        assertThat(api).isNotEqualTo(admin);
        assertThat(apiPort).isEqualTo(api);
        assertThat(adminPort).isEqualTo(admin);
        assertThat(apiPortFromValue).isEqualTo(api);
        assertThat(environment.getProperty("local.kamaelia.http.admin.port", Integer.class))
                .isEqualTo(admin);
    }
}

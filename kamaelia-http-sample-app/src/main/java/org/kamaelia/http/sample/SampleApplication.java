package org.kamaelia.http.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Starts the sample: the servers, their ports and routes are all in application.yml. */
@SpringBootApplication
public class SampleApplication {

    /** Runs the application. */
    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}

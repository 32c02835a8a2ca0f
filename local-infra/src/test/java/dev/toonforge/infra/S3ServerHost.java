package dev.toonforge.infra;

import dev.toonforge.infra.s3.S3Server;

/** A parent JVM for {@link NoOrphanTest}: starts an S3 server, prints the child's pid, then waits to be killed. */
public final class S3ServerHost {

    public static void main(String[] args) throws Exception {
        S3Server server = S3Server.create(0, null, "a", "b12345678").start();
        System.out.println("CHILD " + server.pid());
        System.out.flush();
        Thread.currentThread().join();
    }
}

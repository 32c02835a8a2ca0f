package dev.toonforge.sampler.service;

/** The generator cannot take more work now (queue full, timed out, or shutting down): the client should retry. */
public class SamplerBusyException extends RuntimeException {

    public SamplerBusyException(String message) {
        super(message);
    }
}

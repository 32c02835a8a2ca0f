package dev.toonforge.trainer.ownership;

/** Kafka did not take a run's record on {@code training.runs}: no trainer will train it until it is sent again. */
public class TrainersUnreachableException extends RuntimeException {

    public TrainersUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}

"""Attribution: quotes (direct, indirect, mixed), their cues and speakers, and the actors."""

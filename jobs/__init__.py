"""The worker's side: the jobs RQ runs (sending, forwarding, media, stored inbound messages) and the
sweep that finds work a lost job left behind. Each job takes ids, loads what it needs, and is safe to
run twice.

A job that meets a passing failure raises, so that RQ's Retry runs it again later; a permanent
failure is stored on the row and the job ends quietly.
"""

#!/usr/bin/env python3
"""new-from-capture.py CAPTURE OUTFILE [setup lines...] -- make a transcript skeleton from a real capture.
Env: CMD overrides the command; TLS=1 (default) switches http endpoints to https with kubeadm certs."""
import os, re, sys
cap, out = sys.argv[1], sys.argv[2]
setup = sys.argv[3:]
text = open(f"/work/shared/reference/transcripts/{cap}.txt").read()
cmd = next(l[2:] for l in text.splitlines() if l.startswith("$ "))
TLS = "--cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt --key=/etc/kubernetes/pki/etcd/healthcheck-client.key"
if "CMD" in os.environ:
    cmd = os.environ["CMD"]
else:
    for a, b in [("127.0.0.11", "10.0.1.10"), ("127.0.0.12", "10.0.1.11"), ("127.0.0.13", "10.0.1.12")]:
        cmd = cmd.replace(a, b)
    if "http://10.0.1" in cmd:
        cmd = cmd.replace("http://10.0.1", "https://10.0.1")
if "etcdctl" in cmd or "etcdutl" in cmd:
    setup = ["export ETCDCTL_CACERT=/etc/kubernetes/pki/etcd/ca.crt ETCDCTL_CERT=/etc/kubernetes/pki/etcd/healthcheck-client.crt ETCDCTL_KEY=/etc/kubernetes/pki/etcd/healthcheck-client.key"] + setup
head = [f"# from: {cap}", "# cluster: stacked-3"] + [f"# setup: {s}" for s in setup]
open(out, "w").write("\n".join(head + [f"$ {cmd}", "--- stdout ---", "--- stderr ---", ""]))

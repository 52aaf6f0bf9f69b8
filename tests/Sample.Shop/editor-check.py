#!/usr/bin/env python3
# What an LSP editor shows: starts csharp-ls (dotnet tool install -g csharp-ls --version 0.28.0) on a project folder, with
# csharp.analyzersEnabled, opens one file and waits for a diagnostic id. Build the project first.
# Usage: tests/Sample.Shop/editor-check.py <project folder> <file> <id>   (exit 0 when the editor shows it)
#   tests/Sample.Shop/editor-check.py "$PWD/tests/Sample.Shop" "$PWD/tests/Sample.Shop/Migrations/Postgres/20261123192454_RenameCustomerNameToFullName.cs" SM1001
import json, subprocess, sys, time, os, threading, queue
root = sys.argv[1]; target = sys.argv[2]; want = sys.argv[3]
p = subprocess.Popen([os.path.expanduser("~/.dotnet/tools/csharp-ls")], cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
q = queue.Queue()
def reader():
    while True:
        headers = {}
        while True:
            line = p.stdout.readline()
            if not line: return
            line = line.decode().strip()
            if not line: break
            k, v = line.split(":", 1); headers[k.lower()] = v.strip()
        body = p.stdout.read(int(headers["content-length"]))
        q.put(json.loads(body))
threading.Thread(target=reader, daemon=True).start()
def send(msg):
    data = json.dumps(msg).encode()
    p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data); p.stdin.flush()
settings = {"csharp": {"analyzersEnabled": True}}
send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": os.getpid(), "rootUri": "file://" + root,
      "capabilities": {"workspace": {"configuration": True}, "textDocument": {"publishDiagnostics": {}, "diagnostic": {}}},
      "initializationOptions": settings}})
uri = "file://" + target
opened = False; start = time.time(); found = None; next_id = 10
while time.time() - start < 240:
    try: m = q.get(timeout=5)
    except queue.Empty:
        if opened:
            next_id += 1
            send({"jsonrpc": "2.0", "id": next_id, "method": "textDocument/diagnostic", "params": {"textDocument": {"uri": uri}}})
        continue
    if m.get("id") == 1 and "result" in m:
        send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        send({"jsonrpc": "2.0", "method": "workspace/didChangeConfiguration", "params": {"settings": settings}})
        send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "csharp", "version": 1, "text": open(target).read()}}})
        opened = True
    elif m.get("method") == "workspace/configuration":
        send({"jsonrpc": "2.0", "id": m["id"], "result": [settings["csharp"] for _ in m["params"]["items"]]})
    elif "id" in m and "method" in m:
        send({"jsonrpc": "2.0", "id": m["id"], "result": None})
    diags = None
    if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri: diags = m["params"]["diagnostics"]
    elif isinstance(m.get("result"), dict) and "items" in m["result"]: diags = m["result"]["items"]
    if diags is not None:
        codes = sorted({str(d.get("code")) for d in diags})
        print(f"{time.time()-start:.0f}s diagnostics: {codes}", flush=True)
        if any(want in c for c in codes):
            found = [d for d in diags if want in str(d.get("code"))]; break
p.kill()
if found:
    for d in found: print("FOUND", d["code"], d["range"]["start"], d["message"][:140])
    sys.exit(0)
print("NOT FOUND"); sys.exit(1)

module libgovtext.org/govtext

go 1.19

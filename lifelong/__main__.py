from lifelong.runtime.cli import main

main()

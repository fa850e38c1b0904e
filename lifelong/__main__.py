from lifelong.cli import main

main()

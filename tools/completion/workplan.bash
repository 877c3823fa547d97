# bash completion for workplan(1)
_workplan()
{
    local cur prev words cword
    _init_completion || return
    local commands="import show query matrix indicators overdue export validate status progress approve return diff report"
    local listing="--format --help"

    if ((cword == 1)); then
        COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
        return
    fi
    local cmd=${words[1]}

    case $prev in
        -f | --format)
            case $cmd in
                import) COMPREPLY=($(compgen -W "cbor json jsonl" -- "$cur")) ;;
                export) COMPREPLY=($(compgen -W "json jsonl cbor csv xlsx" -- "$cur")) ;;
                diff) COMPREPLY=($(compgen -W "table json" -- "$cur")) ;;
                *) COMPREPLY=($(compgen -W "table tsv csv json ids" -- "$cur")) ;;
            esac
            return
            ;;
        -o | --output)
            _filedir
            return
            ;;
        -s | --state)
            COMPREPLY=($(compgen -W "draft submitted" -- "$cur"))
            return
            ;;
        -a | --as-of | -d | --date | -y | --year | -P | --percent | -t | --text | -u | --unit | \
            -r | --report | -p | --plan | -q | --query | --actual | --threshold)
            return
            ;;
    esac

    if [[ $cur == -* ]]; then
        local opts
        case $cmd in
            import) opts="--output --format --keep-going --year --quiet --help" ;;
            show) opts="--help" ;;
            query) opts="--count --own $listing" ;;
            matrix | indicators) opts="--query $listing" ;;
            overdue) opts="--as-of --query $listing" ;;
            export) opts="--format --output --as-of --help" ;;
            diff) opts="--format --threshold --all --help" ;;
            report) opts="--output --as-of --help" ;;
            validate) opts="--strict --quiet --help" ;;
            status) opts="--plan --output --help" ;;
            progress) opts="--date --unit --percent --text --actual --state --plan --output --help" ;;
            approve | return) opts="--report --plan --output --help" ;;
        esac
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
    fi

    # the status argument of `workplan status FILE NODE STATUS`
    if [[ $cmd == status ]]; then
        local i n=0
        for ((i = 2; i < cword; i++)); do
            [[ ${words[i]} == -* ]] && { [[ ${words[i]} == -[po] || ${words[i]} == --plan || ${words[i]} == --output ]] && ((i++)); continue; }
            ((n++))
        done
        if ((n == 2)); then
            COMPREPLY=($(compgen -W "not_started in_progress done delayed extended cancelled" -- "$cur"))
            return
        fi
    fi
    _filedir
} &&
    complete -F _workplan workplan
